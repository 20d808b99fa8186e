import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeModelFolder } from '@otfuse/io';
import { simulateFullDisk } from '../__tests__/full-disk';
import { removeTempFolders, tempFolder } from '../__tests__/temp-folder';
import { StagedOutput } from './staged-output';

// The output folder's lock, the cleanup after killed runs, and failed writes, without a run.
afterAll(removeTempFolders);

/** The pid of a process that has ended. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid as number;
const lockOf = (pid: number, host = os.hostname()) => `${JSON.stringify({ pid, host, started: '2026-01-01T00:00:00.000Z' })}\n`;
const beside = (out: string) => fs.readdirSync(path.dirname(out)).filter((name) => name.startsWith(path.basename(out))).sort();

function prepare(out: string, notices: string[] = [], replace = false): StagedOutput {
  return StagedOutput.prepare(out, { replace, inputs: [], notice: (text) => notices.push(text) });
}

describe('the output lock', () => {
  it("lets one run at a time write a folder, naming the other run's process", () => {
    const out = path.join(tempFolder(), 'out');
    const first = prepare(out);
    expect(JSON.parse(fs.readFileSync(`${out}.lock`, 'utf8'))).toMatchObject({ pid: process.pid, host: os.hostname() });
    expect(() => prepare(out)).toThrow(new RegExp(`^${out} is being written by another otfuse run \\(process ${process.pid}, since [-\\d:.TZ]+\\); wait for it to end or choose another output folder$`));
    first.complete(() => fs.mkdirSync(first.temp));
    expect(beside(out)).toEqual(['out']);
    prepare(out, [], true).discard();
    expect(beside(out)).toEqual(['out']);
  });

  it('refuses a lock held by another live process, and takes it over once that process is gone', async () => {
    const out = path.join(tempFolder(), 'out');
    const other = spawn('sleep', ['30']);
    fs.writeFileSync(`${out}.lock`, lockOf(other.pid as number));
    expect(() => prepare(out)).toThrow(`${out} is being written by another otfuse run (process ${other.pid}, since 2026-01-01T00:00:00.000Z)`);
    await new Promise((resolve) => other.on('exit', resolve).kill('SIGKILL'));
    const notices: string[] = [];
    prepare(out, notices).discard();
    expect(notices).toEqual([`removed the stale lock ${out}.lock of process ${other.pid}, which is no longer running`]);
    expect(beside(out)).toEqual([]);
  });

  it('never takes over a lock from another machine, nor one that names no process', () => {
    const out = path.join(tempFolder(), 'out');
    fs.writeFileSync(`${out}.lock`, lockOf(deadPid(), 'elsewhere'));
    expect(() => prepare(out)).toThrow(new RegExp(`^${out} is being written by process \\d+ on elsewhere \\(lock ${out}\\.lock\\); if no run is going there, remove ${out}\\.lock$`));
    fs.writeFileSync(`${out}.lock`, '');
    expect(() => prepare(out)).toThrow(`${out} is locked by ${out}.lock, which names no process; if no otfuse run is writing ${out}, remove ${out}.lock`);
    expect(beside(out)).toEqual(['out.lock']);
  });
});

describe('what killed runs left beside the output folder', () => {
  it('removes temporary folders of processes that are gone, reports those of running ones, and leaves other folders alone', () => {
    const out = path.join(tempFolder(), 'out');
    const dead = deadPid();
    const stale = `${out}.tmp-${dead}-0a1b2c3d`;
    const live = `${out}.tmp-${process.pid}-00ff00ff`;
    fs.mkdirSync(path.join(stale, 'otfused'), { recursive: true });
    fs.mkdirSync(live);
    fs.mkdirSync(`${out}-other.tmp-${dead}-12345678`);
    const notices: string[] = [];
    prepare(out, notices).discard();
    expect(notices.sort()).toEqual([
      `left ${live} alone: process ${process.pid}, which made it, is still running`,
      `removed ${stale}, left by process ${dead}, which is no longer running`,
    ]);
    expect(fs.readdirSync(path.dirname(out)).sort()).toEqual([`out-other.tmp-${dead}-12345678`, path.basename(live)]);
  });

  it('puts back a folder a killed run was replacing, and removes it once the new one is in place', () => {
    const out = path.join(tempFolder(), 'out');
    const old = `${out}.old-${deadPid()}-0a1b2c3d`;
    fs.mkdirSync(old);
    fs.writeFileSync(path.join(old, 'report.json'), '{}\n');
    const notices: string[] = [];
    expect(() => prepare(out, notices)).toThrow(`${out} already exists; pass --replace to replace it`);
    expect(notices).toEqual([expect.stringMatching(/^restored .* from .*: process \d+ was killed while replacing it$/)]);
    expect(fs.readFileSync(path.join(out, 'report.json'), 'utf8')).toBe('{}\n');
    fs.mkdirSync(old);
    prepare(out, [], true).discard();
    expect(beside(out)).toEqual(['out']);
  });
});

describe('a full disk', () => {
  const tensors = { weight: { dtype: 'F32' as const, shape: [64, 64], data: new Float32Array(64 * 64) } };

  it('ends with an error naming the file, and leaves no output, temporary folder or lock', () => {
    const dir = tempFolder();
    const out = path.join(dir, 'out');
    const output = prepare(out);
    const restore = simulateFullDisk(dir, 4096);
    try {
      expect(() => output.complete(() => writeModelFolder(output.path('otfused'), { config: { model_type: 'x' }, tensors })))
        .toThrow(`${out}/otfused/model.safetensors: cannot write: ENOSPC: no space left on device, write; nothing was written to ${out}`);
    } finally {
      restore();
    }
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('names the output folder when the failed call names no file', () => {
    const dir = tempFolder();
    const out = path.join(dir, 'out');
    const output = prepare(out);
    const restore = simulateFullDisk(dir, 10);
    try {
      const write = () => {
        output.create();
        const fd = fs.openSync(output.path('report.json'), 'w');
        try {
          fs.writeSync(fd, '{"results": []}\n');
        } finally {
          fs.closeSync(fd);
        }
      };
      expect(() => output.complete(write)).toThrow(`${out}: cannot write: ENOSPC: no space left on device, write; nothing was written to ${out}`);
    } finally {
      restore();
    }
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
