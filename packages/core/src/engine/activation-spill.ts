import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** One activation matrix written to disk, row-major `[rows, features]` float32. */
export interface SpilledMatrix {
  readonly file: string;
  readonly rows: number;
  readonly features: number;
}

/** Bytes one read or write call moves at most (Node refuses a single call past 2 GiB). */
const IO_CHUNK_BYTES = 1 << 28;

/** Bytes of one block a spilled matrix is read back in for a description (`ActivationSpill.blocks`). */
const DEFAULT_BLOCK_BYTES = 1 << 26;

/** Fills `bytes` from the file at `position`, in calls of at most `IO_CHUNK_BYTES`. */
function readFully(fd: number, file: string, bytes: Uint8Array, position: number): void {
  for (let at = 0; at < bytes.length; ) {
    const read = fs.readSync(fd, bytes, at, Math.min(IO_CHUNK_BYTES, bytes.length - at), position + at);
    if (read === 0) throw new Error(`${file} ended after ${position + at} bytes, before the ${bytes.length} bytes asked for at ${position}`);
    at += read;
  }
}

/** Temporary folders are named `otfuse-activations-<pid>-<random>`, so a later run can tell whose they are. */
const FOLDER_PREFIX = 'otfuse-activations-';
const FOLDER_NAME = /^otfuse-activations-(\d+)-/;

/**
 * A private temporary folder for captured activations that would not fit in memory: a block of
 * GPT-2 small over 200 × 256 tokens is 1.7 GB per model, and fusion reads one key at a time, so
 * keys wait on disk until asked for. The folder is created on first use and removed by
 * `dispose` or, failing that, when the process exits. A process killed by a signal cannot remove
 * its own, so a new folder first removes those whose process is gone; nothing else is touched.
 */
export class ActivationSpill {
  private dir: string | undefined;
  private files = 0;
  private readonly removeOnExit = () => this.dispose();

  constructor(
    /** Where the temporary folder is made. */
    private readonly parent = os.tmpdir(),
  ) {}

  /** A new file the rows of one matrix are appended to, batch by batch. */
  writer(features: number): SpillWriter {
    if (this.dir === undefined) {
      removeAbandonedFolders(this.parent);
      this.dir = fs.mkdtempSync(path.join(this.parent, `${FOLDER_PREFIX}${process.pid}-`));
      process.once('exit', this.removeOnExit);
    }
    return new SpillWriter(path.join(this.dir, `${this.files++}.f32`), features);
  }

  /** The matrix's values, read back whole. */
  read(matrix: SpilledMatrix): Float32Array {
    const values = new Float32Array(matrix.rows * matrix.features);
    const fd = fs.openSync(matrix.file, 'r');
    try {
      readFully(fd, matrix.file, new Uint8Array(values.buffer), 0);
    } finally {
      fs.closeSync(fd);
    }
    return values;
  }

  /**
   * The matrix's values as consecutive blocks of whole rows, in order, read one at a time into
   * one array of at most `blockBytes` (and one row at least): each block is valid until the next
   * is read, so the whole matrix is never in memory at once.
   */
  *blocks(matrix: SpilledMatrix, blockBytes = DEFAULT_BLOCK_BYTES): Generator<Float32Array> {
    const rowsPerBlock = Math.max(1, Math.floor(blockBytes / (4 * matrix.features)));
    const buffer = new Float32Array(Math.min(matrix.rows, rowsPerBlock) * matrix.features);
    const fd = fs.openSync(matrix.file, 'r');
    try {
      for (let row = 0; row < matrix.rows; row += rowsPerBlock) {
        const block = buffer.subarray(0, Math.min(rowsPerBlock, matrix.rows - row) * matrix.features);
        readFully(fd, matrix.file, new Uint8Array(block.buffer, 0, block.byteLength), row * matrix.features * 4);
        yield block;
      }
    } finally {
      fs.closeSync(fd);
    }
  }

  remove(matrix: SpilledMatrix): void {
    fs.rmSync(matrix.file, { force: true });
  }

  /** Removes the folder and every file left in it. */
  dispose(): void {
    if (this.dir === undefined) return;
    fs.rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
    process.removeListener('exit', this.removeOnExit);
  }
}

/** Removes the activation folders in `parent` left by processes that no longer run. */
export function removeAbandonedFolders(parent: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = FOLDER_NAME.exec(name)?.[1];
    if (pid !== undefined && !processRuns(Number(pid))) fs.rmSync(path.join(parent, name), { recursive: true, force: true });
  }
}

/** Whether a process of this id runs (one of another user's counts as running). */
function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Appends float32 rows to one spill file. */
export class SpillWriter {
  private readonly fd: number;
  private rows = 0;

  constructor(
    private readonly file: string,
    private readonly features: number,
  ) {
    this.fd = fs.openSync(file, 'wx');
  }

  append(values: Float32Array, rows: number): void {
    const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    for (let at = 0; at < bytes.length; ) at += fs.writeSync(this.fd, bytes, at, Math.min(IO_CHUNK_BYTES, bytes.length - at));
    this.rows += rows;
  }

  close(): SpilledMatrix {
    fs.closeSync(this.fd);
    return { file: this.file, rows: this.rows, features: this.features };
  }
}
