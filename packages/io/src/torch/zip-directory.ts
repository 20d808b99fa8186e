/**
 * The central directory of a zip file, read with positioned reads only: the end record at the
 * file's tail (and its zip64 form, which torch.save always writes), then the directory it points
 * at. Entry data is left to {@link ZipReader}; a file is never read whole.
 */
import { TorchCheckpointError } from '../errors';
import { readFully } from '../positioned-read';

export interface ZipEntry {
  readonly name: string;
  /** 0: stored, 8: deflated; any other method is refused when the entry is read. */
  readonly method: number;
  readonly flags: number;
  readonly compressedSize: number;
  /** Uncompressed size. */
  readonly size: number;
  /** Position of the entry's local header. */
  readonly headerOffset: number;
}

export interface ZipDirectory {
  readonly entries: ReadonlyMap<string, ZipEntry>;
  /** Where the central directory starts: every entry's bytes lie before it. */
  readonly start: number;
}

const END_SIGNATURE = 0x06054b50;
const END_BYTES = 22;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_LOCATOR_BYTES = 20;
const ZIP64_END_SIGNATURE = 0x06064b50;
const ZIP64_END_BYTES = 56;
const ENTRY_SIGNATURE = 0x02014b50;
const ENTRY_BYTES = 46;
const ZIP64_EXTRA_ID = 0x0001;
/** A 32-bit field holding this says "see the zip64 extra field". */
const ZIP64_MARK = 0xffffffff;
const MAX_COMMENT_BYTES = 0xffff;
const SHORT_TAIL_BYTES = 256;
const PICKLE_PROTO = 0x80;
const LOCAL_SIGNATURE = Buffer.from('PK\x03\x04', 'latin1');

/** Fills `target` from `position`; a file that ends first is PT_TRUNCATED. */
export function readInto(fd: number, target: Uint8Array, position: number, file: string): void {
  if (!readFully(fd, target, position)) {
    const rule = `the file ends before byte ${position + target.byteLength} (was it changed after opening?)`;
    throw new TorchCheckpointError('PT_TRUNCATED', { file }, rule);
  }
}

/** `length` bytes at `position` (see {@link readInto}). */
export function readAt(fd: number, position: number, length: number, file: string): Buffer {
  const bytes = Buffer.alloc(length);
  readInto(fd, bytes, position, file);
  return bytes;
}

function safeNumber(value: bigint, what: string, file: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new TorchCheckpointError('PT_ZIP_INVALID', { file }, `${what} ${value} is beyond any file size`);
  return Number(value);
}

/** Why a file without an end record is not a checkpoint this reader reads. */
function notAZip(fd: number, fileSize: number, file: string): TorchCheckpointError {
  const head = readAt(fd, 0, Math.min(4, fileSize), file);
  if (head[0] === PICKLE_PROTO) {
    const rule =
      'written in the format torch.save used before torch 1.6 (a pickle followed by raw storages, no zip), which is not read; ' +
      'load it and save it again with a current torch, or convert it to safetensors';
    return new TorchCheckpointError('PT_LEGACY_FORMAT', { file }, rule);
  }
  if (head.length === 4 && head.equals(LOCAL_SIGNATURE)) {
    return new TorchCheckpointError('PT_TRUNCATED', { file }, 'a zip file without its end record: the file is truncated');
  }
  return new TorchCheckpointError('PT_NOT_A_ZIP', { file }, `not a zip file (${fileSize} bytes); expected a checkpoint written by torch.save`);
}

/** The end record in the last `length` bytes: the last one whose comment reaches the end of the file. */
function findEndIn(fd: number, fileSize: number, length: number, file: string): number | undefined {
  const tailStart = fileSize - length;
  const tail = readAt(fd, tailStart, length, file);
  for (let i = length - END_BYTES; i >= 0; i--) {
    if (tail.readUInt32LE(i) === END_SIGNATURE && i + END_BYTES + tail.readUInt16LE(i + 20) === length) return tailStart + i;
  }
  return undefined;
}

/** Position of the end-of-central-directory record: in the last few bytes (torch writes no comment), else up to a whole comment before. */
function findEndRecord(fd: number, fileSize: number, file: string): number {
  const found = findEndIn(fd, fileSize, Math.min(fileSize, SHORT_TAIL_BYTES), file);
  if (found !== undefined) return found;
  const longTail = Math.min(fileSize, END_BYTES + MAX_COMMENT_BYTES);
  const again = longTail > SHORT_TAIL_BYTES ? findEndIn(fd, fileSize, longTail, file) : undefined;
  if (again !== undefined) return again;
  throw notAZip(fd, fileSize, file);
}

interface DirectoryPlace {
  count: number;
  size: number;
  offset: number;
  /** Where the end records start: the directory must end at or before it. */
  limit: number;
}

/** Count, size and offset of the central directory, from the end record or its zip64 form. */
function directoryPlace(fd: number, fileSize: number, file: string): DirectoryPlace {
  const endAt = findEndRecord(fd, fileSize, file);
  const end = readAt(fd, endAt, END_BYTES, file);
  if (end.readUInt16LE(4) !== 0 || end.readUInt16LE(6) !== 0) {
    throw new TorchCheckpointError('PT_ZIP_UNSUPPORTED', { file }, 'a zip split over several disks');
  }
  const locatorAt = endAt - ZIP64_LOCATOR_BYTES;
  const locator = locatorAt >= 0 ? readAt(fd, locatorAt, ZIP64_LOCATOR_BYTES, file) : undefined;
  if (locator?.readUInt32LE(0) !== ZIP64_LOCATOR_SIGNATURE) {
    return { count: end.readUInt16LE(10), size: end.readUInt32LE(12), offset: end.readUInt32LE(16), limit: endAt };
  }
  const zip64At = safeNumber(locator.readBigUInt64LE(8), 'the zip64 end record offset', file);
  if (zip64At + ZIP64_END_BYTES > locatorAt) {
    throw new TorchCheckpointError('PT_ZIP_INVALID', { file }, `the zip64 end record at ${zip64At} overlaps its locator at ${locatorAt}`);
  }
  const zip64 = readAt(fd, zip64At, ZIP64_END_BYTES, file);
  if (zip64.readUInt32LE(0) !== ZIP64_END_SIGNATURE) {
    throw new TorchCheckpointError('PT_ZIP_INVALID', { file }, `no zip64 end record at ${zip64At}, where its locator points`);
  }
  return {
    count: safeNumber(zip64.readBigUInt64LE(32), 'the entry count', file),
    size: safeNumber(zip64.readBigUInt64LE(40), 'the central directory size', file),
    offset: safeNumber(zip64.readBigUInt64LE(48), 'the central directory offset', file),
    limit: zip64At,
  };
}

/** Sizes and offset an entry's zip64 extra field holds for the 32-bit fields marked 0xFFFFFFFF, in the format's order. */
function applyZip64Extra(extra: Buffer, fields: { size: number; compressedSize: number; headerOffset: number }, name: string, file: string): void {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === ZIP64_EXTRA_ID) {
      let next = at + 4;
      for (const key of ['size', 'compressedSize', 'headerOffset'] as const) {
        if (fields[key] !== ZIP64_MARK) continue;
        if (next + 8 > at + 4 + length || next + 8 > extra.length) {
          throw new TorchCheckpointError('PT_ZIP_INVALID', { file }, `entry '${name}': its zip64 extra field lacks the ${key}`);
        }
        fields[key] = safeNumber(extra.readBigUInt64LE(next), `entry '${name}': ${key}`, file);
        next += 8;
      }
      return;
    }
    at += 4 + length;
  }
}

/** Reads and checks the central directory of the zip file open as `fd`. */
export function readZipDirectory(fd: number, fileSize: number, file: string): ZipDirectory {
  const invalid = (rule: string) => new TorchCheckpointError('PT_ZIP_INVALID', { file }, rule);
  const place = directoryPlace(fd, fileSize, file);
  if (place.offset + place.size > place.limit) {
    throw invalid(`the central directory [${place.offset}, ${place.offset + place.size}) runs past its end record at ${place.limit}`);
  }
  if (place.count * ENTRY_BYTES > place.size) throw invalid(`${place.count} entries cannot fit a central directory of ${place.size} bytes`);
  const directory = readAt(fd, place.offset, place.size, file);
  const entries = new Map<string, ZipEntry>();
  let at = 0;
  for (let i = 0; i < place.count; i++) {
    if (at + ENTRY_BYTES > directory.length || directory.readUInt32LE(at) !== ENTRY_SIGNATURE) {
      throw invalid(`central directory entry ${i} at byte ${place.offset + at} is not an entry header`);
    }
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const next = at + ENTRY_BYTES + nameLength + extraLength + directory.readUInt16LE(at + 32);
    if (next > directory.length) throw invalid(`central directory entry ${i} runs past the directory's end`);
    const name = directory.toString('utf8', at + ENTRY_BYTES, at + ENTRY_BYTES + nameLength);
    const fields = { size: directory.readUInt32LE(at + 24), compressedSize: directory.readUInt32LE(at + 20), headerOffset: directory.readUInt32LE(at + 42) };
    applyZip64Extra(directory.subarray(at + ENTRY_BYTES + nameLength, at + ENTRY_BYTES + nameLength + extraLength), fields, name, file);
    if (fields.headerOffset >= place.offset) throw invalid(`entry '${name}' starts at ${fields.headerOffset}, inside or after the central directory`);
    if (entries.has(name)) throw invalid(`the zip holds two entries named '${name}'`);
    entries.set(name, { name, method: directory.readUInt16LE(at + 10), flags: directory.readUInt16LE(at + 8), ...fields });
    at = next;
  }
  return { entries, start: place.offset };
}
