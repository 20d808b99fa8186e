import fs from 'node:fs';
import os from 'node:os';
import { ConfigError } from '../config/config-error';

/** What a lock file holds: who is writing the output folder. */
interface LockOwner {
  pid: number;
  host: string;
  started: string;
}

/** True while process `pid` runs on this machine (EPERM: it runs, as another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(file: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockOwner>;
    return Number.isInteger(owner.pid) && typeof owner.host === 'string' ? (owner as LockOwner) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `<target>.lock`, created exclusively beside the output folder and naming this process, so that
 * two runs cannot write one folder. A lock whose process is gone (a run killed with SIGKILL) is
 * stale: the next run removes it and says so.
 */
export class OutputLock {
  private held = true;

  private constructor(readonly file: string) {}

  /** Takes the lock of `target`'s folder, or fails naming the folder and the run that holds it. */
  static acquire(target: string, notice: (text: string) => void): OutputLock {
    const file = `${target}.lock`;
    const owner: LockOwner = { pid: process.pid, host: os.hostname(), started: new Date().toISOString() };
    // A stale lock is removed and the lock taken again; a few tries bound a race with other runs doing the same.
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const fd = fs.openSync(file, 'wx');
        try {
          fs.writeSync(fd, `${JSON.stringify(owner)}\n`);
        } finally {
          fs.closeSync(fd);
        }
        return new OutputLock(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const other = readOwner(file);
      if (other === undefined) {
        if (!fs.existsSync(file)) continue; // released meanwhile
        throw new ConfigError('OUTPUT_LOCKED', `${target} is locked by ${file}, which names no process; if no otfuse run is writing ${target}, remove ${file}`);
      }
      if (other.host !== owner.host) {
        throw new ConfigError('OUTPUT_LOCKED', `${target} is being written by process ${other.pid} on ${other.host} (lock ${file}); if no run is going there, remove ${file}`);
      }
      if (processAlive(other.pid)) {
        throw new ConfigError('OUTPUT_LOCKED', `${target} is being written by another otfuse run (process ${other.pid}, since ${other.started}); wait for it to end or choose another output folder`);
      }
      // Another run may have replaced the stale lock since it was read: remove only the one read.
      const again = readOwner(file);
      if (again && again.pid === other.pid && again.started === other.started) {
        fs.rmSync(file, { force: true });
        notice(`removed the stale lock ${file} of process ${other.pid}, which is no longer running`);
      }
    }
    throw new ConfigError('OUTPUT_LOCKED', `${target}: could not take the lock ${file}: other runs keep taking it`);
  }

  /** Gives the folder up (idempotent). */
  release(): void {
    if (!this.held) return;
    this.held = false;
    fs.rmSync(this.file, { force: true });
  }
}
