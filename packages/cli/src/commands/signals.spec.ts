import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { processAlive, removeTempFolders, tempFolder, writeTinyRun } from '@otfuse/run/testing';

// `kill <pid>` of a running `otfuse fuse` (what `timeout`, CI runners and job schedulers send),
// Ctrl-C, or a closed terminal. Through the repository's launcher, which runs the CLI in a child
// process: the child ends too, what it was writing is removed, and the launcher exits with
// 128 + the signal's number. The bin runs the CLI in its own process: the signal ends it at once.
const launcher = path.resolve(__dirname, '../../../../tools/start.cjs');
const bin = path.resolve(__dirname, '../../bin/otfuse.cjs');

let root: string;
let experiment: string;

beforeAll(() => {
  root = tempFolder();
  // Finetuning far longer than the test waits: the signal always lands mid-run.
  experiment = writeTinyRun(root, { finetune: { steps: 100_000, lr: 0.001, batch_size: 16, seed: 3 } });
});

afterAll(removeTempFolders);

/** Starts `otfuse fuse` through `launcher`; resolves once it is finetuning, with the pid of the process doing the work. */
function startFinetuning(launcher: string, out: string) {
  const child = spawn(process.execPath, [launcher, 'fuse', experiment, '--out', out], {
    cwd: root,
    env: { ...process.env, OTFUSE_BACKEND: 'wasm', OTFUSE_FROM_DIST: '', NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  let stderr = '';
  const finetuning = new Promise<number>((resolve, reject) => {
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      // The lock beside the output folder names the process that does the work.
      if (/OT fusion step \d/.test(stderr) && fs.existsSync(`${out}.lock`)) resolve(JSON.parse(fs.readFileSync(`${out}.lock`, 'utf8')).pid);
    });
    void exit.then(({ code, signal }) => reject(new Error(`otfuse ended (${code ?? signal}) before finetuning:\n${stderr}`)));
  });
  return { child, exit, finetuning };
}

/** What lies beside the output folder `out`: itself, its temporary sibling, its lock. */
const beside = (out: string) => fs.readdirSync(path.dirname(out)).filter((name) => name.startsWith(path.basename(out)));

describe('a run started by npm start (tools/start.cjs)', () => {
  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)('sent %s mid-run ends with no process and no output left', async (signal) => {
    const out = path.join(root, 'runs', `launcher-${signal}`);
    const run = startFinetuning(launcher, out);
    const worker = await run.finetuning;
    expect(processAlive(worker)).toBe(true);
    run.child.kill(signal);

    expect(await run.exit).toEqual({ code: 128 + os.constants.signals[signal], signal: null });
    expect(processAlive(worker)).toBe(false);
    // Neither the folder, nor its temporary sibling, nor its lock.
    expect(beside(out)).toEqual([]);
  }, 120_000);
});

describe('a run started by the otfuse bin', () => {
  it('sent SIGTERM mid-run ends at once, leaving nothing under the output name', async () => {
    const out = path.join(root, 'runs', 'bin-SIGTERM');
    const run = startFinetuning(bin, out);
    const worker = await run.finetuning;
    expect(worker).toBe(run.child.pid);
    run.child.kill('SIGTERM');

    expect(await run.exit).toEqual({ code: null, signal: 'SIGTERM' });
    expect(processAlive(worker)).toBe(false);
    // What a killed run leaves, which the next run into the folder removes (see output-safety.spec.ts).
    expect(beside(out).sort()).toEqual([`${path.basename(out)}.lock`, expect.stringMatching(new RegExp(`^${path.basename(out)}\\.tmp-${worker}-[0-9a-f]+$`))]);
  }, 120_000);
});
