/** Temporary folders for tests, removed after each test. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The golden vectors kept in the repository (see testdata/golden/README.md). */
export const GOLDEN_DIR = path.resolve(__dirname, '../../../../testdata/golden');

/** Returns a function that creates a fresh folder under the OS temp dir; all are removed afterEach. */
export function useTempDirs(): () => string {
  const created: string[] = [];
  afterEach(() => {
    for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'otfuse-io-'));
    created.push(dir);
    return dir;
  };
}

/** Every file under `dir` whose name ends with `suffix`, sorted. */
export function findFiles(dir: string, suffix: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findFiles(full, suffix));
    else if (entry.name.endsWith(suffix)) found.push(full);
  }
  return found.sort();
}
