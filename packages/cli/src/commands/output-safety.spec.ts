import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { initBackend } from '@otfuse/backend';
import { silentProgress } from '@otfuse/run';
import { HOLD_PROCESS_HOOK, hashFiles, removeTempFolders, simulateFullDisk, tempFolder, writeTinyRun } from '@otfuse/run/testing';
import { runFuseExperiment } from '../fuse-with-report';

// Real `otfuse fuse` processes killed with SIGKILL at three points of a run (and in the middle
// of replacing a folder): nothing appears under the final name, what is left is recognisable,
// and the next run cleans it up and succeeds. Two runs cannot write one folder, a full disk
// leaves nothing behind, and no run modifies its inputs.
const bin = path.resolve(__dirname, '../../bin/otfuse.cjs');
const OUTPUTS = ['maps.safetensors', 'otfused', 'otfused-finetuned', 'plots', 'report.html', 'report.json', 'report.md', 'vanilla', 'vanilla-finetuned'];

let root: string;
let experiment: string;
let inputHashes: Record<string, string>;

beforeAll(async () => {
  await initBackend({ force: 'wasm', log: () => undefined });
  root = tempFolder();
  experiment = writeTinyRun(root);
  inputHashes = hashFiles(root);
});

afterAll(removeTempFolders);

/** Starts `otfuse fuse` in a child process and resolves once it is held at the point `hold` names. */
function startHeld(out: string, hold: NodeJS.ProcessEnv, extraArgs: string[] = []): Promise<{ pid: number; kill(): Promise<void> }> {
  const child = spawn(process.execPath, ['-r', HOLD_PROCESS_HOOK, bin, 'fuse', experiment, '--out', out, ...extraArgs], {
    cwd: root,
    env: { ...process.env, OTFUSE_BACKEND: 'wasm', OTFUSE_FROM_DIST: '', NO_COLOR: '1', ...hold },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const kill = () => {
    child.kill('SIGKILL');
    return exited;
  };
  let stderr = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`not held within 60 s:\n${stderr}`));
    }, 60_000);
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      if (!/^held: /m.test(stderr)) return;
      clearTimeout(timer);
      resolve({ pid: child.pid as number, kill });
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (!/^held: /m.test(stderr)) reject(new Error(`otfuse exited (${code ?? signal}) before being held:\n${stderr}`));
    });
  });
}

/** Runs `otfuse fuse` in a child process held at the point `hold` names, then kills it with SIGKILL; returns its pid. */
async function killWhenHeld(out: string, hold: NodeJS.ProcessEnv, extraArgs: string[] = []): Promise<number> {
  const child = await startHeld(out, hold, extraArgs);
  await child.kill();
  return child.pid;
}

/** What lies beside the output folder (its own name, its lock, temporary siblings). */
const beside = (out: string) => fs.readdirSync(path.dirname(out)).filter((name) => name.startsWith(path.basename(out))).sort();

/** The next run into `out`, in this process, with what it printed as warnings. */
function nextRun(out: string) {
  const notices: string[] = [];
  const run = runFuseExperiment({ file: experiment, out, replace: false, progress: silentProgress(notices) });
  return { run, notices };
}

describe('a run killed with SIGKILL', () => {
  it.each([
    ['while capturing activations', { OTFUSE_HOLD_ON_LINE: '^▸ activations and OT fusion' }],
    ['while finetuning', { OTFUSE_HOLD_ON_LINE: 'OT fusion step \\d' }],
  ])('%s leaves its stale lock and a temporary sibling (the maps solved so far), which the next run removes', async (_, hold) => {
    const out = path.join(root, 'runs', hold.OTFUSE_HOLD_ON_LINE.includes('step') ? 'finetune' : 'activations');
    const pid = await killWhenHeld(out, hold);
    const temp = `${path.basename(out)}.tmp-${pid}`;
    expect(beside(out)).toEqual([`${path.basename(out)}.lock`, expect.stringMatching(new RegExp(`^${temp}-[0-9a-f]+$`))]);
    expect(JSON.parse(fs.readFileSync(`${out}.lock`, 'utf8')).pid).toBe(pid);

    const { run, notices } = nextRun(out);
    await run;
    expect(notices).toContain(`removed the stale lock ${out}.lock of process ${pid}, which is no longer running`);
    expect(notices).toContainEqual(expect.stringMatching(new RegExp(`^removed ${path.dirname(out)}/${temp}-[0-9a-f]+, left by process ${pid}, which is no longer running$`)));
    expect(beside(out)).toEqual([path.basename(out)]);
    expect(fs.readdirSync(out).sort()).toEqual(OUTPUTS);
  });

  it('while writing leaves a recognisable temporary sibling, never a partial folder under the final name', async () => {
    const out = path.join(root, 'runs', 'writing');
    // Held with the OT-fused folder written and the vanilla one about to be moved in.
    const pid = await killWhenHeld(out, { OTFUSE_HOLD_ON_RENAME: '[\\\\/]vanilla$' });
    const temp = beside(out).find((name) => name.startsWith(`${path.basename(out)}.tmp-`));
    expect(temp).toMatch(new RegExp(`^writing\\.tmp-${pid}-[0-9a-f]+$`));
    expect(beside(out)).toEqual([`${path.basename(out)}.lock`, temp]);
    expect(fs.readdirSync(path.join(path.dirname(out), temp!)).sort()).toEqual(['.maps.spool', 'otfused', expect.stringMatching(new RegExp(`^vanilla\\.tmp-${pid}-[0-9a-f]+$`))]);

    const { run, notices } = nextRun(out);
    await run;
    expect(notices).toEqual([
      `removed the stale lock ${out}.lock of process ${pid}, which is no longer running`,
      `removed ${path.join(path.dirname(out), temp!)}, left by process ${pid}, which is no longer running`,
    ]);
    expect(beside(out)).toEqual([path.basename(out)]);
    expect(fs.readdirSync(out).sort()).toEqual(OUTPUTS);
  });

  it('while replacing a folder puts the old folder back on the next run', async () => {
    const out = path.join(root, 'runs', 'writing');
    const before = hashFiles(out);
    // Held between the two renames of a replace: the old folder moved aside, the new one not yet in place.
    const pid = await killWhenHeld(out, { OTFUSE_HOLD_ON_RENAME: '[\\\\/]writing$' }, ['--replace']);
    expect(beside(out)).toEqual([
      'writing.lock',
      expect.stringMatching(new RegExp(`^writing\\.old-${pid}-[0-9a-f]+$`)),
      expect.stringMatching(new RegExp(`^writing\\.tmp-${pid}-[0-9a-f]+$`)),
    ]);

    const { run, notices } = nextRun(out);
    await expect(run).rejects.toThrow(`${out} already exists; pass --replace to replace it`);
    expect(notices).toContainEqual(expect.stringMatching(new RegExp(`^restored ${out} from ${out}\\.old-${pid}-[0-9a-f]+: process ${pid} was killed while replacing it$`)));
    expect(notices).toContainEqual(expect.stringMatching(new RegExp(`^removed ${out}\\.tmp-${pid}-[0-9a-f]+, left by process ${pid}, which is no longer running$`)));
    expect(beside(out)).toEqual(['writing']);
    expect(hashFiles(out)).toEqual(before);
  });

});

describe('two runs targeting one output folder', () => {
  it("cannot both write it: the second is refused before it starts, naming the folder and the first run's process", async () => {
    const out = path.join(root, 'runs', 'shared');
    const first = await startHeld(out, { OTFUSE_HOLD_ON_LINE: '^▸ activations and OT fusion' });
    try {
      await expect(nextRun(out).run).rejects.toThrow(new RegExp(`^${out} is being written by another otfuse run \\(process ${first.pid}, since [-\\d:.TZ]+\\)`));
      // The first run's lock and its temporary folder; the second run left nothing.
      expect(beside(out)).toEqual(['shared.lock', expect.stringMatching(new RegExp(`^shared\\.tmp-${first.pid}-[0-9a-f]+$`))]);
    } finally {
      await first.kill();
    }
  });
});

describe('a full disk', () => {
  it('ends the run with an error naming the file, and leaves no partial output', async () => {
    const out = path.join(root, 'runs', 'full-disk');
    // Room for the lock and a config.json, not for the first model.safetensors.
    const restore = simulateFullDisk(path.dirname(out), 2000);
    try {
      await expect(nextRun(out).run).rejects.toThrow(`${out}/otfused/model.safetensors: cannot write: ENOSPC: no space left on device, write; nothing was written to ${out}`);
    } finally {
      restore();
    }
    expect(beside(out)).toEqual([]);
  });
});

describe('the inputs', () => {
  it('are never modified, by finished, killed or failed runs', () => {
    const now = hashFiles(root);
    for (const [file, hash] of Object.entries(inputHashes)) expect([file, now[file]]).toEqual([file, hash]);
  });
});
