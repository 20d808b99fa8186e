/**
 * What a run leaves if it is ended where it stands (a signal's default action, an out-of-memory
 * kill): its output folder's temporary sibling and lock. When started by the repository's launcher
 * (`tools/start.cjs`), the run records them, one JSON line each, in the file that
 * OTFUSE_LEFTOVERS_FILE names, and the launcher removes what is still recorded once the run has
 * ended. Recording happens when they are made, so nothing has to run at the moment of the kill.
 */
import fs from 'node:fs';

/** Records `paths` for the launcher; returns the function that withdraws them once removed. */
export function recordLeftovers(paths: readonly string[]): () => void {
  const file = process.env.OTFUSE_LEFTOVERS_FILE;
  if (!file) return () => undefined;
  fs.appendFileSync(file, `${JSON.stringify({ add: paths })}\n`);
  return () => fs.appendFileSync(file, `${JSON.stringify({ remove: paths })}\n`);
}
