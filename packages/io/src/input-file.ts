/**
 * The one way otfuse opens a file a user pointed it at (weights, configs, indexes, data, experiment
 * files). Anything but a readable regular file is refused with one line naming the path and what
 * was expected: a folder would fail later with a bare `EISDIR`, a named pipe would block forever,
 * a device could stream without end.
 */
import fs from 'node:fs';
import { IoError } from './errors';

export interface InputFile {
  fd: number;
  size: number;
}

/** Names of the kinds of non-regular files, for the refusal message. */
function kindOf(stats: fs.Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function openError(file: string, expected: string, error: NodeJS.ErrnoException): Error {
  switch (error.code) {
    // Left to the caller, which knows what a missing file means in its format.
    case 'ENOENT':
      return error;
    case 'EACCES':
    case 'EPERM':
      return new IoError('IO_UNREADABLE', `${file}: permission denied; expected ${expected} this user can read`);
    case 'ENXIO':
      return new IoError('IO_NOT_A_FILE', `${file} is a socket; expected ${expected}`);
    default:
      return new IoError('IO_UNREADABLE', `${file} cannot be opened (${error.code ?? error.message}); expected ${expected}`);
  }
}

/**
 * Opens `file` for reading and checks it is a regular file; the caller closes `fd`. A missing file
 * throws the `ENOENT` error untouched; anything else unreadable throws an {@link IoError}.
 * `expected` completes "expected …", e.g. `'a safetensors file'`.
 */
export function openInputFile(file: string, expected: string): InputFile {
  let fd: number;
  try {
    // Non-blocking, so that opening a named pipe with no writer returns at once (for the check
    // below) instead of waiting; it changes nothing for regular files.
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (error) {
    throw openError(file, expected, error as NodeJS.ErrnoException);
  }
  const stats = fs.fstatSync(fd);
  if (!stats.isFile()) {
    fs.closeSync(fd);
    throw new IoError('IO_NOT_A_FILE', `${file} is ${kindOf(stats)}; expected ${expected}`);
  }
  return { fd, size: stats.size };
}

/** The whole of `file` (checked as {@link openInputFile} does). */
export function readInputFile(file: string, expected: string): Buffer {
  const { fd } = openInputFile(file, expected);
  try {
    return fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** The whole of `file` as UTF-8 text (checked as {@link openInputFile} does). */
export function readInputText(file: string, expected: string): string {
  return readInputFile(file, expected).toString('utf8');
}
