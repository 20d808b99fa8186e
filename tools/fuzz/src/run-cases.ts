// The fuzz worker: a child process that runs cases and reports each to its parent, so that the
// parent can stop it when a case hangs. Started by `runFuzz` with the range of cases to run.
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { exitCodeFor } from '@otfuse/cli';
import { createContainer, planFuseExperiment } from '@otfuse/run';
import { type FuzzCase, makeCase } from './cases';
import { type Outcome, checkRefusal } from './check-outcome';
import { prepareFixtures } from './fixtures';
import { placeReplacement } from './misplaced';

export interface WorkerMessage {
  index: number;
  kind: FuzzCase['kind'];
  what: string;
  outcome: Outcome;
}

/** Growth of the process's memory during one case that counts as an unjustified allocation (the inputs are kilobytes). */
const ALLOCATION_LIMIT = 256 * 2 ** 20;

function writeCase(dir: string, fuzzCase: FuzzCase): void {
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [rel, bytes] of Object.entries(fuzzCase.files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    if (rel === fuzzCase.mutated && fuzzCase.replaced) placeReplacement(path.join(dir, rel), bytes, fuzzCase.replaced);
    else fs.writeFileSync(path.join(dir, rel), bytes);
  }
  for (const [rel, source] of Object.entries(fuzzCase.links ?? {})) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.linkSync(source, path.join(dir, rel));
  }
}

/** Runs one case the way `otfuse fuse --dry-run` does, and judges how it ended. */
export function runCase(fuzzCase: FuzzCase, dir: string, container = createContainer()): Outcome {
  writeCase(dir, fuzzCase);
  const rss = process.memoryUsage().rss;
  const started = performance.now();
  let outcome: Outcome;
  try {
    planFuseExperiment(path.join(dir, 'experiment.yaml'), container);
    outcome = { verdict: 'accepted', seconds: 0 };
  } catch (error) {
    const e = error as Error & { code?: string };
    const message = `otfuse: ${e instanceof Error ? e.message : String(error)}`;
    const refused = exitCodeFor(error) === 2;
    outcome = {
      verdict: !refused ? 'crash' : checkRefusal(message, fuzzCase.mutated) ? 'refused' : 'unclear-message',
      error: `${e?.name ?? typeof error}:${e?.code ?? ''}`,
      message: refused ? message : `${message}\n${e?.stack ?? ''}`,
      seconds: 0,
    };
  }
  outcome.seconds = (performance.now() - started) / 1000;
  if (process.memoryUsage().rss - rss > ALLOCATION_LIMIT) outcome = { ...outcome, verdict: 'allocation' };
  return outcome;
}

if (require.main === module) {
  const [seed, from, to, workspace] = process.argv.slice(2);
  const fixtures = prepareFixtures(workspace);
  const container = createContainer();
  const dir = path.join(workspace, `case-${process.pid}`);
  for (let index = Number(from); index < Number(to); index++) {
    const fuzzCase = makeCase(fixtures, Number(seed), index, workspace);
    const outcome = runCase(fuzzCase, dir, container);
    const message: WorkerMessage = { index, kind: fuzzCase.kind, what: fuzzCase.what, outcome };
    process.send?.(message);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  process.disconnect?.();
}
