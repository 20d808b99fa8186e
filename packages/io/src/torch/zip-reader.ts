/**
 * The entries of a zip file, read lazily: a stored entry's bytes are one positioned read of the
 * range asked for; a deflated entry (torch.save never writes one, but a checkpoint zipped again
 * may hold one) is inflated whole, never past the size its directory entry declares.
 */
import zlib from 'node:zlib';
import { TorchCheckpointError } from '../errors';
import { readAt, readInto, readZipDirectory, type ZipEntry } from './zip-directory';

const LOCAL_SIGNATURE = 0x04034b50;
const LOCAL_BYTES = 30;
const STORED = 0;
const DEFLATED = 8;
const ENCRYPTED_FLAG = 0x1;
/** Deflate's best ratio (a 258-byte match coded in about two bits), so a declared size beyond it is a lie. */
const MAX_DEFLATE_RATIO = 1032;
const METHOD_NAMES: Readonly<Record<number, string>> = { 1: 'shrunk', 6: 'imploded', 9: 'deflate64', 12: 'bzip2', 14: 'LZMA', 93: 'Zstandard', 95: 'xz' };

/** An entry whose data has been found: its bytes are [dataStart, dataStart + compressedSize). */
export interface LocatedEntry extends ZipEntry {
  readonly dataStart: number;
}

export class ZipReader {
  private constructor(
    private readonly fd: number,
    readonly file: string,
    readonly entries: ReadonlyMap<string, ZipEntry>,
    private readonly directoryStart: number,
  ) {}

  /** Reads the central directory of the zip open as `fd` (the caller keeps and closes `fd`). */
  static open(fd: number, fileSize: number, file: string): ZipReader {
    const directory = readZipDirectory(fd, fileSize, file);
    return new ZipReader(fd, file, directory.entries, directory.start);
  }

  /** Reads the entry's local header to find where its data starts; checks its method and bounds. */
  locate(entry: ZipEntry): LocatedEntry {
    const fail = (code: 'PT_ZIP_INVALID' | 'PT_ZIP_UNSUPPORTED', rule: string) => new TorchCheckpointError(code, { file: this.file }, `entry '${entry.name}': ${rule}`);
    if (entry.flags & ENCRYPTED_FLAG) throw fail('PT_ZIP_UNSUPPORTED', 'it is encrypted');
    if (entry.method !== STORED && entry.method !== DEFLATED) {
      const name = METHOD_NAMES[entry.method];
      throw fail('PT_ZIP_UNSUPPORTED', `compression method ${entry.method}${name ? ` (${name})` : ''}; only stored and deflated entries are read`);
    }
    if (entry.method === STORED && entry.compressedSize !== entry.size) {
      throw fail('PT_ZIP_INVALID', `stored, yet its sizes differ (${entry.compressedSize} stored, ${entry.size} declared)`);
    }
    if (entry.method === DEFLATED && entry.size > entry.compressedSize * MAX_DEFLATE_RATIO + 16) {
      throw fail('PT_ZIP_INVALID', `declares ${entry.size} bytes, more than its ${entry.compressedSize} deflated bytes can hold`);
    }
    const header = readAt(this.fd, entry.headerOffset, LOCAL_BYTES, this.file);
    if (header.readUInt32LE(0) !== LOCAL_SIGNATURE) throw fail('PT_ZIP_INVALID', `no local header at byte ${entry.headerOffset}`);
    const dataStart = entry.headerOffset + LOCAL_BYTES + header.readUInt16LE(26) + header.readUInt16LE(28);
    const dataEnd = dataStart + entry.compressedSize;
    if (dataEnd > this.directoryStart) {
      throw fail('PT_ZIP_INVALID', `its ${entry.compressedSize} bytes from ${dataStart} run past the central directory at ${this.directoryStart}`);
    }
    return { ...entry, dataStart };
  }

  /**
   * `length` bytes from `offset` of the entry's uncompressed data, in a fresh ArrayBuffer (so
   * typed arrays can view it whatever the offset). The range must lie inside the entry.
   */
  readRange(entry: LocatedEntry, offset: number, length: number): Uint8Array {
    const bytes = new Uint8Array(new ArrayBuffer(length));
    if (entry.method === STORED) {
      readInto(this.fd, bytes, entry.dataStart + offset, this.file);
    } else {
      bytes.set(this.inflate(entry).subarray(offset, offset + length));
    }
    return bytes;
  }

  /** The entry's whole uncompressed data. */
  readWhole(entry: LocatedEntry): Uint8Array {
    return this.readRange(entry, 0, entry.size);
  }

  private inflate(entry: LocatedEntry): Buffer {
    const compressed = readAt(this.fd, entry.dataStart, entry.compressedSize, this.file);
    let data: Buffer;
    try {
      data = zlib.inflateRawSync(compressed, { maxOutputLength: Math.max(1, entry.size) });
    } catch (error) {
      const why = (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? `inflates to more than the ${entry.size} bytes it declares` : `its deflated data is corrupt (${(error as Error).message})`;
      throw new TorchCheckpointError('PT_ZIP_INVALID', { file: this.file }, `entry '${entry.name}': ${why}`);
    }
    if (data.length !== entry.size) {
      throw new TorchCheckpointError('PT_ZIP_INVALID', { file: this.file }, `entry '${entry.name}': inflates to ${data.length} bytes, not the ${entry.size} it declares`);
    }
    return data;
  }
}
