/**
 * The rows of one stored tensor, read on demand as float32. A data set of images at 224 px is
 * 0.6 MB an example: read whole, a few thousand of them would take gigabytes that a run needs
 * for models, while the operating system's page cache serves repeated reads of a file for free.
 */
import fs from 'node:fs';
import { DTYPES, type Dtype, assertLittleEndianHost } from './dtypes';
import { IoError } from './errors';
import { openInputFile } from './input-file';
import { readFully } from './positioned-read';
import { decodeTensorBytes, float32Tensor } from './tensor-data';
import type { TensorInfo } from './tensor-reader';

/** Bytes read at a time when every row is checked up front. */
const CHECK_CHUNK_BYTES = 1 << 24;

/** Integer dtypes with values float32 cannot hold exactly (wider than its 24-bit significand). */
const WIDE_INTEGERS: ReadonlySet<Dtype> = new Set(['I32', 'U32', 'I64', 'U64']);

/** The file as it was when the rows were opened: a later read refuses a file that changed. */
interface FileStamp {
  readonly size: number;
  readonly mtimeMs: number;
}

/**
 * Rows `[rows, ...]` of one tensor, each `rowLength` values, read from its file when asked for.
 * Each read opens the file, checks that it is unchanged since the rows were opened, reads every
 * run of consecutive rows with one positioned read, and closes the file again.
 */
export class TensorRows {
  readonly rows: number;
  readonly rowLength: number;
  private readonly rowBytes: number;
  private readonly stamp: FileStamp;

  /** Rows of the tensor `info` describes; integers float32 cannot hold exactly are refused here, not mid-run. */
  constructor(private readonly info: TensorInfo) {
    assertLittleEndianHost();
    if (info.shape.length === 0) throw new RangeError(`${info.file}: tensor '${info.name}' is a scalar, which has no rows`);
    this.rows = info.shape[0];
    this.rowLength = info.shape.slice(1).reduce((product, dim) => product * dim, 1);
    this.rowBytes = this.rowLength * DTYPES[info.dtype].size;
    const { fd, size } = openInputFile(info.file, 'a tensors file');
    try {
      this.stamp = { size, mtimeMs: fs.fstatSync(fd).mtimeMs };
      if (WIDE_INTEGERS.has(info.dtype)) this.checkAll(fd);
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Writes the rows at `indices`, in that order, into `into` (`indices.length × rowLength` values). */
  read(indices: ArrayLike<number>, into: Float32Array): void {
    if (into.length !== indices.length * this.rowLength) {
      throw new RangeError(`${indices.length} rows of ${this.rowLength} values need ${indices.length * this.rowLength} values, got ${into.length}`);
    }
    const { fd, size } = openInputFile(this.info.file, 'a tensors file');
    try {
      if (size !== this.stamp.size || fs.fstatSync(fd).mtimeMs !== this.stamp.mtimeMs) {
        throw new IoError('IO_CHANGED', `${this.info.file}: changed after it was opened (its rows are read as the run needs them); run again on a file that stays as it is`);
      }
      for (let start = 0; start < indices.length; ) {
        let end = start + 1;
        while (end < indices.length && indices[end] === indices[end - 1] + 1) end++;
        this.readRun(fd, indices[start], end - start, into.subarray(start * this.rowLength, end * this.rowLength));
        start = end;
      }
    } finally {
      fs.closeSync(fd);
    }
  }

  /** `count` consecutive rows from `first` into `into`. */
  private readRun(fd: number, first: number, count: number, into: Float32Array): void {
    if (!Number.isInteger(first) || first < 0 || first + count > this.rows) {
      throw new RangeError(`${this.info.file}: tensor '${this.info.name}' has ${this.rows} rows; rows ${first}…${first + count - 1} were asked for`);
    }
    // float32 rows land in place; other dtypes are decoded from bytes that start their own buffer.
    if (this.info.dtype === 'F32') this.readBytes(fd, first, count, new Uint8Array(into.buffer, into.byteOffset, into.byteLength));
    else into.set(this.decoded(fd, first, count));
  }

  /** Rows from `first` read and converted to float32, refusing integers float32 cannot hold exactly. */
  private decoded(fd: number, first: number, count: number): Float32Array {
    const bytes = this.readBytes(fd, first, count, new Uint8Array(count * this.rowBytes));
    const stored = decodeTensorBytes(this.info.dtype, [count, this.rowLength], bytes);
    return float32Tensor(stored, `${this.info.file}: tensor '${this.info.name}' from row ${first}`).data;
  }

  /** Fills `bytes` with the stored rows from `first`. */
  private readBytes(fd: number, first: number, count: number, bytes: Uint8Array): Uint8Array {
    if (!readFully(fd, bytes, this.info.fileOffset + first * this.rowBytes)) {
      throw new IoError('IO_CHANGED', `${this.info.file}: tensor '${this.info.name}': the file ended before row ${first + count - 1} (was it changed after opening?)`);
    }
    return bytes;
  }

  /** Converts every row once, chunk by chunk, so a value float32 cannot hold is refused before the run starts. */
  private checkAll(fd: number): void {
    const rowsPerChunk = Math.max(1, Math.floor(CHECK_CHUNK_BYTES / Math.max(1, this.rowBytes)));
    for (let first = 0; first < this.rows; first += rowsPerChunk) this.decoded(fd, first, Math.min(rowsPerChunk, this.rows - first));
  }
}
