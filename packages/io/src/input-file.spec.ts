import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { useTempDirs } from './__fixtures__/temp-dir';
import { encodeSafetensors } from './encode';
import { IoError } from './errors';
import { openInputFile, readInputText } from './input-file';
import { readModelFolder } from './model-folder';
import { openSafetensors } from './safetensors-file';
import { openShardedCheckpoint } from './sharded';
import { asUnprivilegedUser, makeUnreadable } from './__fixtures__/unreadable';

const tempDir = useTempDirs();

/** Puts something other than a readable file at `file`. */
const MISPLACED = {
  folder: (file: string) => fs.mkdirSync(file),
  fifo: (file: string) => execFileSync('mkfifo', [file]),
  unreadable: (file: string) => makeUnreadable(file, 'text'),
} as const;
const EXPECTED_MESSAGE = {
  folder: (file: string, expected: string) => `${file} is a folder; expected ${expected}`,
  fifo: (file: string, expected: string) => `${file} is a named pipe (FIFO); expected ${expected}`,
  unreadable: (file: string, expected: string) => `${file}: permission denied; expected ${expected} this user can read`,
} as const;
const KINDS = Object.keys(MISPLACED) as (keyof typeof MISPLACED)[];

/** What `read` throws; an unreadable file is read as a user that permissions apply to. */
function thrownBy(kind: keyof typeof MISPLACED, read: () => unknown): IoError {
  try {
    if (kind === 'unreadable') asUnprivilegedUser(read);
    else read();
  } catch (error) {
    return error as IoError;
  }
  throw new Error('nothing was thrown');
}

describe('opening a file the user named', () => {
  it('opens a regular file and gives its size', () => {
    const file = path.join(tempDir(), 'a.txt');
    fs.writeFileSync(file, 'hello');
    const { fd, size } = openInputFile(file, 'a text file');
    fs.closeSync(fd);
    expect(size).toBe(5);
    expect(readInputText(file, 'a text file')).toBe('hello');
  });

  it('passes a missing file on as ENOENT, for the caller to name in its own terms', () => {
    expect(() => openInputFile(path.join(tempDir(), 'none'), 'a text file')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });

  it('refuses a device, which could be read without end', () => {
    expect(() => openInputFile('/dev/zero', 'a JSON file')).toThrow(new IoError('IO_NOT_A_FILE', '/dev/zero is a device; expected a JSON file'));
  });

  it.each(KINDS)('refuses %s at once, naming the path and what was expected', (kind) => {
    const file = path.join(tempDir(), 'x');
    MISPLACED[kind](file);
    const error = thrownBy(kind, () => readInputText(file, 'a YAML file'));
    expect(error).toBeInstanceOf(IoError);
    expect(error.message).toBe(EXPECTED_MESSAGE[kind](file, 'a YAML file'));
  });
});

describe.each(KINDS)('every reader of @otfuse/io refuses %s', (kind) => {
  const weights = () => encodeSafetensors([['w', { dtype: 'F32', shape: [1], data: new Float32Array([1]) }]]);

  it('as model.safetensors', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'config.json'), '{}');
    MISPLACED[kind](path.join(dir, 'model.safetensors'));
    expect(thrownBy(kind, () => readModelFolder(dir)).message).toBe(EXPECTED_MESSAGE[kind](path.join(dir, 'model.safetensors'), 'a safetensors file'));
  });

  it('as config.json', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'model.safetensors'), weights());
    MISPLACED[kind](path.join(dir, 'config.json'));
    expect(thrownBy(kind, () => readModelFolder(dir)).message).toBe(EXPECTED_MESSAGE[kind](path.join(dir, 'config.json'), 'a JSON model config'));
  });

  it('as pytorch_model.bin', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'config.json'), '{}');
    MISPLACED[kind](path.join(dir, 'pytorch_model.bin'));
    expect(thrownBy(kind, () => readModelFolder(dir)).message).toBe(EXPECTED_MESSAGE[kind](path.join(dir, 'pytorch_model.bin'), 'a PyTorch checkpoint'));
  });

  it('as a sharded index', () => {
    const index = path.join(tempDir(), 'model.safetensors.index.json');
    MISPLACED[kind](index);
    expect(thrownBy(kind, () => openShardedCheckpoint(index)).message).toBe(EXPECTED_MESSAGE[kind](index, 'a JSON shard index'));
  });

  it('as a shard named by the index', () => {
    const dir = tempDir();
    const index = path.join(dir, 'model.safetensors.index.json');
    fs.writeFileSync(index, JSON.stringify({ weight_map: { w: 'shard.safetensors' } }));
    MISPLACED[kind](path.join(dir, 'shard.safetensors'));
    const error = thrownBy(kind, () => {
      const reader = openShardedCheckpoint(index);
      try {
        reader.read('w');
      } finally {
        reader.close();
      }
    });
    expect(error.message).toBe(EXPECTED_MESSAGE[kind](path.join(dir, 'shard.safetensors'), 'a safetensors file'));
  });

  it('as a safetensors file opened directly', () => {
    const file = path.join(tempDir(), 'data.safetensors');
    MISPLACED[kind](file);
    expect(thrownBy(kind, () => openSafetensors(file)).message).toBe(EXPECTED_MESSAGE[kind](file, 'a safetensors file'));
  });
});
