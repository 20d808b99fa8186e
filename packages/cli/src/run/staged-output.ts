import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config/config-error';

export interface StagedOutputOptions {
  /** Replace an existing output folder. */
  replace: boolean;
  /** Paths the run reads: the output may neither be one of them nor contain one. */
  inputs: readonly string[];
}

/** Real path of `target`, or of its nearest existing ancestor joined with the rest. */
function realPathOf(target: string): string {
  const absolute = path.resolve(target);
  if (fs.existsSync(absolute)) return fs.realpathSync(absolute);
  const parent = path.dirname(absolute);
  return parent === absolute ? absolute : path.join(realPathOf(parent), path.basename(absolute));
}

/**
 * An output folder written atomically: everything goes into a temporary sibling, which is renamed
 * into place at the end, so the folder is either complete or absent. An existing folder is
 * refused unless replacing, and so is a folder that is, or contains, one of the inputs.
 */
export class StagedOutput {
  /** The temporary folder to write into (not created until `create()`, or by a writer). */
  readonly temp: string;

  private constructor(
    readonly target: string,
    private readonly replace: boolean,
  ) {
    this.temp = `${target}.tmp-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  }

  /** Checks the target before any work is done. */
  static prepare(target: string, options: StagedOutputOptions): StagedOutput {
    const absolute = path.resolve(target);
    const output = realPathOf(absolute);
    for (const input of options.inputs) {
      const real = realPathOf(input);
      if (real === output || real.startsWith(output + path.sep)) {
        throw new ConfigError('OUTPUT_IS_INPUT', `refusing to write ${target}: it ${real === output ? 'is' : 'contains'} the input ${input}`);
      }
    }
    StagedOutput.checkTarget(absolute, options.replace);
    return new StagedOutput(absolute, options.replace);
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
   * failure the temporary folder is removed and the error passes on.
   */
  complete<T>(write: () => T): T {
    try {
      const result = write();
      this.commit();
      return result;
    } catch (error) {
      this.discard();
      throw error;
    }
  }

  /** Removes the temporary folder (after a failure). */
  discard(): void {
    fs.rmSync(this.temp, { recursive: true, force: true });
  }
}
