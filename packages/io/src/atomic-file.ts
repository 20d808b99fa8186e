/**
 * Writing a file so that readers see either nothing or the whole file: the content goes to a
 * temporary file in the same folder (same file system, so the final step is atomic), which is
 * flushed to disk and then moved into place. An existing file is never replaced unless asked.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { IoError } from './errors';

export interface AtomicWriteOptions {
  /** Replace `target` if it exists. Default false: an existing file is an IO_EXISTS error. */
  overwrite?: boolean;
}

const MAX_CHUNK_BYTES = 1 << 30;

/** Writes all of `bytes` at the current position of `fd` (writeSync may write less than asked). */
export function writeAll(fd: number, bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.byteLength) {
    done += fs.writeSync(fd, bytes, done, Math.min(MAX_CHUNK_BYTES, bytes.byteLength - done));
  }
}

function existsError(target: string): IoError {
  return new IoError('IO_EXISTS', `${target} already exists; pass { overwrite: true } to replace it`);
}

/** Errors of file systems without hard links, where the no-clobber move falls back to a rename. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

/** Moves `temp` to `target`, failing rather than replacing an existing target. */
function moveWithoutReplacing(temp: string, target: string): void {
  try {
    fs.linkSync(temp, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') throw existsError(target);
    if (!NO_HARD_LINKS.has(code)) throw error;
    if (fs.existsSync(target)) throw existsError(target);
    fs.renameSync(temp, target);
  }
}

/** A fresh name beside `target` for temporary output. */
export function temporarySibling(target: string, tag: string): string {
  const resolved = path.resolve(target);
  return `${resolved}.${tag}-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
}

/**
 * A failed system call (a full disk: ENOSPC, a quota, an I/O error) as an error naming the file
 * being written: the call's own message names no file.
 */
function namedWriteError(target: string, error: unknown): unknown {
  const errno = error as NodeJS.ErrnoException;
  if (error instanceof IoError || typeof errno?.code !== 'string') return error;
  return new IoError('IO_WRITE_FAILED', `${target}: cannot write: ${errno.message}`);
}

/** Creates `target` atomically with the content `fill` writes to the open descriptor. */
export function writeFileAtomically(
  target: string,
  fill: (fd: number) => void,
  options: AtomicWriteOptions = {},
): void {
  if (!options.overwrite && fs.existsSync(target)) throw existsError(target);
  const temp = temporarySibling(target, 'tmp');
  try {
    try {
      const fd = fs.openSync(temp, 'wx');
      try {
        fill(fd);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    } catch (error) {
      throw namedWriteError(target, error);
    }
    if (options.overwrite) fs.renameSync(temp, target);
    else moveWithoutReplacing(temp, target);
  } finally {
    // After a rename the temporary name is gone; after a hard link or a failure it is removed.
    fs.rmSync(temp, { force: true });
  }
}
