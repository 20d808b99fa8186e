import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { initBackend } from '@otfuse/backend';
import { silentProgress } from '@otfuse/run';
import { hashFiles, removeTempFolders, tempFolder, writeTinyRun } from '@otfuse/run/testing';
import { runFuseExperiment } from '../fuse-with-report';

// The same experiment file on the same backend gives the same bytes and the same report numbers,
// finetuning included: on wasm once in this process and once in a fresh `otfuse fuse` process,
// on cpu in two fresh processes.
const bin = path.resolve(__dirname, '../../bin/otfuse.cjs');

function fuseInChild(experiment: string, out: string, backend: string): void {
  const child = spawnSync(process.execPath, [bin, 'fuse', experiment, '--out', out, '-q'], {
    cwd: path.dirname(experiment),
    env: { ...process.env, OTFUSE_BACKEND: backend, OTFUSE_FROM_DIST: '', NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (child.status !== 0) throw new Error(`otfuse fuse on ${backend} failed (${child.status ?? child.signal}):\n${child.stderr}`);
}

/** report.json without what may differ between two runs: the start time and the seconds of each stage. */
function reportNumbers(dir: string): Record<string, unknown> {
  const { createdAt, timings, methods, ...rest } = JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8'));
  expect([typeof createdAt, typeof timings.total]).toEqual(['string', 'number']);
  // Every number but the clock's: each method's seconds are timings too.
  return { ...rest, methods: (methods as { seconds: unknown }[]).map(({ seconds, ...method }) => ({ ...method, timed: typeof seconds })) };
}

const weights = (dir: string) => Object.entries(hashFiles(dir)).filter(([file]) => file.endsWith('.safetensors'));

afterAll(removeTempFolders);

describe.each(['wasm', 'cpu'])('the same experiment run twice on %s', (backend) => {
  let first: string;
  let second: string;

  beforeAll(async () => {
    const root = tempFolder();
    const experiment = writeTinyRun(root);
    first = path.join(root, 'runs', 'first');
    second = path.join(root, 'runs', 'second');
    if (backend === 'wasm') {
      await initBackend({ force: 'wasm', log: () => undefined });
      await runFuseExperiment({ file: experiment, out: first, replace: false, progress: silentProgress() });
    } else fuseInChild(experiment, first, backend);
    fuseInChild(experiment, second, backend);
  });

  it('writes byte-identical models (one-shot and finetuned) and transport maps', () => {
    expect(weights(first).map(([file]) => file).sort()).toEqual([
      'maps.safetensors',
      'otfused-finetuned/model.safetensors',
      'otfused/model.safetensors',
      'vanilla-finetuned/model.safetensors',
      'vanilla/model.safetensors',
    ]);
    expect(weights(second)).toEqual(weights(first));
  });

  it('reports the same numbers: scores, finetuning losses, maps and figures', () => {
    const numbers = reportNumbers(first);
    expect(numbers.backend).toBe(backend);
    expect(reportNumbers(second)).toEqual(numbers);
  });
});
