import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config/config-error';
import { recordLeftovers } from './launcher-leftovers';
import { OutputLock } from './output-lock';
import { cleanStaleSiblings } from './stale-siblings';

export interface StagedOutputOptions {
  /** Replace an existing output folder. */
  replace: boolean;
  /** Paths the run reads: the output may neither be one of them nor contain one. */
  inputs: readonly string[];
  /** Hears what was cleaned up after earlier runs (stale locks and temporary siblings); default: nothing. */
  notice?: (text: string) => void;
}

/** Real path of `target`, or of its nearest existing ancestor joined with the rest. */
function realPathOf(target: string): string {
  const absolute = path.resolve(target);
  if (fs.existsSync(absolute)) return fs.realpathSync(absolute);
  const parent = path.dirname(absolute);
  return parent === absolute ? absolute : path.join(realPathOf(parent), path.basename(absolute));
}

/**
 * An output folder written atomically: everything goes into a temporary sibling
 * `<target>.tmp-<pid>-<hex>`, which is renamed into place at the end, so the folder is either
 * complete or absent. An existing folder is refused unless replacing, and so is a folder that
 * is, or contains, one of the inputs. From `prepare` until the run ends the folder is locked
 * (`<target>.lock`, see `OutputLock`), and what killed runs left beside it is cleaned up.
 */
export class StagedOutput {
  /** The temporary folder to write into (not created until `create()`, or by a writer). */
  readonly temp: string;
  /** Withdraws the temporary folder and the lock from the launcher's list once they are removed. */
  private readonly withdrawLeftovers: () => void;

  private constructor(
    readonly target: string,
    private readonly replace: boolean,
    private readonly lock: OutputLock,
  ) {
    this.temp = `${target}.tmp-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
    this.withdrawLeftovers = recordLeftovers([this.temp, lock.file]);
  }

  /** Checks the target and takes its lock before any work is done. */
  static prepare(target: string, options: StagedOutputOptions): StagedOutput {
    const absolute = path.resolve(target);
    const output = realPathOf(absolute);
    for (const input of options.inputs) {
      const real = realPathOf(input);
      if (real === output || real.startsWith(output + path.sep)) {
        throw new ConfigError('OUTPUT_IS_INPUT', `refusing to write ${target}: it ${real === output ? 'is' : 'contains'} the input ${input}`);
      }
    }
    const notice = options.notice ?? (() => undefined);
    fs.mkdirSync(path.dirname(absolute), { recursive: true });
    const lock = OutputLock.acquire(absolute, notice);
    try {
      cleanStaleSiblings(absolute, notice);
      StagedOutput.checkTarget(absolute, options.replace);
    } catch (error) {
      lock.release();
      throw error;
    }
    return new StagedOutput(absolute, options.replace, lock);
  }

  /**
   * Runs the rest of the run and, however it ends, removes what is left of the temporary folder
   * and gives the lock up.
   */
  async whileHeld<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } finally {
      this.discard();
    }
  }

  private static checkTarget(target: string, replace: boolean): void {
    const existing = fs.lstatSync(target, { throwIfNoEntry: false });
    if (existing && !existing.isDirectory()) throw new ConfigError('OUTPUT_EXISTS', `${target} exists and is not a folder`);
    if (existing && !replace) throw new ConfigError('OUTPUT_EXISTS', `${target} already exists; pass --replace to replace it`);
  }

  create(): void {
    fs.mkdirSync(this.temp, { recursive: true });
  }

  /** A path inside the temporary folder. */
  path(...parts: string[]): string {
    return path.join(this.temp, ...parts);
  }

  /** Moves the finished folder into place (swapping out an existing one when replacing). */
  commit(): void {
    StagedOutput.checkTarget(this.target, this.replace);
    fs.mkdirSync(path.dirname(this.target), { recursive: true });
    if (!fs.existsSync(this.target)) {
      fs.renameSync(this.temp, this.target);
      return;
    }
    const old = `${this.target}.old-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
    fs.renameSync(this.target, old);
    try {
      fs.renameSync(this.temp, this.target);
    } catch (error) {
      fs.renameSync(old, this.target);
      throw error;
    }
    fs.rmSync(old, { recursive: true, force: true });
  }

  /**
   * Runs `write` (which fills the temporary folder) and moves the result into place; on any
   * failure the temporary folder is removed and the error passes on, a failed write (a full
   * disk) as an error naming the file. Either way the lock is given up.
   */
  complete<T>(write: () => T): T {
    try {
      const result = write();
      this.commit();
      return result;
    } catch (error) {
      throw this.writeError(error);
    } finally {
      this.discard();
    }
  }

  /** Removes the temporary folder, if any, and gives the lock up (idempotent). */
  discard(): void {
    try {
      fs.rmSync(this.temp, { recursive: true, force: true });
    } finally {
      this.lock.release();
      this.withdrawLeftovers();
    }
  }

  /** A failed system call as an error naming the output file (as it would have been named) and saying nothing was written. */
  private writeError(error: unknown): unknown {
    const errno = error as NodeJS.ErrnoException;
    const failedCall = typeof errno?.code === 'string' && typeof errno.syscall === 'string';
    const failedWrite = (error as { code?: string })?.code === 'IO_WRITE_FAILED';
    if (!failedCall && !failedWrite) return error;
    // Paths inside the temporary folders read as the final ones: `out.tmp-1-ab/otfused.tmp-1-cd/x` is `out/otfused/x`.
    const readable = (text: string) => text.split(this.temp).join(this.target).replace(/\.tmp-\d+-[0-9a-f]+(?=[/\\:]|$)/g, '');
    const what = failedWrite ? readable(errno.message) : `${readable(errno.path ?? this.target)}: cannot write: ${readable(errno.message)}`;
    return new ConfigError('OUTPUT_WRITE_FAILED', `${what}; nothing was written to ${this.target}`);
  }
}
