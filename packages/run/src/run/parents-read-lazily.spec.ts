import path from 'node:path';
import { initBackend } from '@otfuse/backend';
import { removeTempFolders, tempFolder } from '../__tests__/temp-folder';
import { writeTinyRun } from '../__tests__/tiny-run';
import { silentProgress } from '../progress';
import { runFuseExperiment } from './fuse-experiment';

beforeAll(() => initBackend({ force: 'wasm', log: () => undefined }));
afterAll(removeTempFolders);

describe('parents read from their checkpoints instead of kept in memory', () => {
  it('give the same scores, landscape and barrier, bit for bit', async () => {
    const root = tempFolder();
    const file = writeTinyRun(root);
    const run = async (name: string, keptParentBytes?: number) =>
      (await runFuseExperiment({ file, out: path.join(root, name), replace: false, progress: silentProgress([]), keptParentBytes })).report;
    // The tiny MLPs' 50 KB are kept by default; with no bytes to keep, every read goes to the file.
    const [kept, read] = [await run('kept'), await run('read', 0)];
    expect(read.results.map((r) => r.oneShot)).toEqual(kept.results.map((r) => r.oneShot));
    expect(read.figures?.landscape).toMatchObject({ values: expect.any(Array) });
    const figures = (report: typeof kept) => ({ landscape: { ...report.figures?.landscape, sizing: undefined }, barrier: report.figures?.barrier });
    expect(figures(read)).toEqual(figures(kept));
  });
});
