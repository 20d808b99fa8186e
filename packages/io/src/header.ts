/**
 * Reading and validating a safetensors header. The layout: 8 bytes little-endian header length
 * N, N bytes of UTF-8 JSON `{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__":
 * {string: string}}` (padded with spaces), then the data section, which the tensors must tile
 * exactly: sorted by offset, no overlap, no gap, nothing left over.
 */
import { DTYPES, DTYPE_NAMES, type Dtype, isDtype } from './dtypes';
import { SafetensorsError, formatShape } from './errors';
import { JsonSyntaxError, parseJson } from './json-text';
import type { TensorInfo } from './tensor-reader';

/** Largest header accepted, as in the reference implementation (guards against absurd lengths). */
export const MAX_HEADER_BYTES = 100_000_000;
export const LENGTH_PREFIX_BYTES = 8;

export interface ParsedHeader {
  metadata: Record<string, string> | undefined;
  /** Sorted by data offset. */
  tensors: TensorInfo[];
}

/** Header length from the 8-byte prefix, checked against the file size. */
export function readHeaderLength(prefix: Uint8Array, fileSize: number, file: string): number {
  if (fileSize < LENGTH_PREFIX_BYTES) {
    throw new SafetensorsError(
      'ST_FILE_TOO_SMALL',
      { file },
      `file holds ${fileSize} bytes, fewer than the 8-byte header length`,
    );
  }
  const length = Buffer.from(prefix.buffer, prefix.byteOffset, LENGTH_PREFIX_BYTES).readBigUInt64LE(0);
  if (length > BigInt(MAX_HEADER_BYTES)) {
    throw new SafetensorsError(
      'ST_HEADER_TOO_LARGE',
      { file },
      `header length ${length} exceeds the limit of ${MAX_HEADER_BYTES} bytes`,
    );
  }
  const headerLength = Number(length);
  if (headerLength > fileSize - LENGTH_PREFIX_BYTES) {
    throw new SafetensorsError(
      'ST_HEADER_TRUNCATED',
      { file },
      `header length ${headerLength} runs past the end of the file: ` +
        `only ${fileSize - LENGTH_PREFIX_BYTES} bytes follow the length`,
    );
  }
  return headerLength;
}

function describe(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    // Nested too deep to print (a hostile header): say what it is instead.
    text = Array.isArray(value) ? 'a deeply nested array' : 'a deeply nested object';
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function decodeJson(bytes: Uint8Array, file: string): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new SafetensorsError('ST_HEADER_NOT_UTF8', { file }, 'header is not valid UTF-8');
  }
  let value: unknown;
  try {
    value = parseJson(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    throw new SafetensorsError('ST_BAD_JSON', { file }, `header is not valid JSON: ${error.message}`);
  }
  if (!isRecord(value)) {
    throw new SafetensorsError('ST_BAD_JSON', { file }, `header must be a JSON object, found ${describe(value)}`);
  }
  return value;
}

function parseMetadata(value: unknown, file: string): Record<string, string> {
  if (!isRecord(value)) {
    throw new SafetensorsError('ST_BAD_METADATA', { file }, `__metadata__ must be an object, found ${describe(value)}`);
  }
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') {
      throw new SafetensorsError(
        'ST_BAD_METADATA',
        { file },
        `__metadata__ must map strings to strings; key '${key}' holds ${describe(item)}`,
      );
    }
  }
  return value as Record<string, string>;
}

/** Validates one header entry on its own: fields, dtype, shape, offsets, byte count, bounds. */
function parseEntry(name: string, entry: unknown, dataLength: number, dataStart: number, file: string): TensorInfo {
  const place = { file, tensor: name };
  if (!isRecord(entry)) {
    throw new SafetensorsError(
      'ST_BAD_ENTRY',
      place,
      `entry must be an object {dtype, shape, data_offsets}, found ${describe(entry)}`,
    );
  }
  for (const field of ['dtype', 'shape', 'data_offsets']) {
    if (!(field in entry)) throw new SafetensorsError('ST_BAD_ENTRY', place, `entry lacks '${field}'`);
  }
  const { dtype, shape, data_offsets: offsets } = entry;
  if (!isDtype(dtype)) {
    throw new SafetensorsError(
      'ST_UNKNOWN_DTYPE',
      place,
      `dtype ${describe(dtype)} is not one of ${DTYPE_NAMES.join(', ')}`,
    );
  }
  if (!Array.isArray(shape) || !shape.every(isCount)) {
    throw new SafetensorsError(
      'ST_BAD_SHAPE',
      place,
      `shape must be an array of non-negative integers, found ${describe(shape)}`,
    );
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount) || offsets[0] > offsets[1]) {
    throw new SafetensorsError(
      'ST_BAD_OFFSETS',
      place,
      `data_offsets must be [begin, end] with non-negative integers and begin <= end, found ${describe(offsets)}`,
    );
  }
  const [begin, end] = offsets as [number, number];
  const needed = byteCount(dtype, shape);
  if (needed !== end - begin) {
    const need = Number.isSafeInteger(needed) ? `${needed}` : 'more than 2^53';
    throw new SafetensorsError(
      'ST_BYTE_COUNT',
      place,
      `data_offsets [${begin}, ${end}] hold ${end - begin} bytes but ${dtype} ${formatShape(shape)} needs ${need}`,
    );
  }
  if (end > dataLength) {
    throw new SafetensorsError(
      'ST_OFFSET_PAST_END',
      place,
      `data_offsets [${begin}, ${end}] end past the data section, which holds ${dataLength} bytes`,
    );
  }
  return { name, dtype, shape, byteLength: needed, offsets: [begin, end], fileOffset: dataStart + begin, file };
}

/** dtype size × product of the shape; not a safe integer when it overflows. */
function byteCount(dtype: Dtype, shape: readonly number[]): number {
  let count = DTYPES[dtype].size;
  for (const dim of shape) {
    count *= dim;
    if (!Number.isSafeInteger(count)) return Infinity;
  }
  return count;
}

/** Checks that the tensors tile the data section: no overlap, no gap, nothing after the last. */
function checkTiling(sorted: readonly TensorInfo[], dataLength: number, file: string): void {
  let cursor = 0;
  let previous: TensorInfo | undefined;
  for (const info of sorted) {
    const [begin, end] = info.offsets;
    const place = { file, tensor: info.name };
    if (begin < cursor && previous) {
      throw new SafetensorsError(
        'ST_OVERLAP',
        place,
        `data_offsets [${begin}, ${end}] overlap tensor '${previous.name}' ` +
          `at [${previous.offsets[0]}, ${previous.offsets[1]}]`,
      );
    }
    if (begin > cursor) {
      const after = previous ? `after tensor '${previous.name}'` : 'at the start of the data section';
      const rule = `data_offsets [${begin}, ${end}] leave bytes [${cursor}, ${begin}) unused ${after}`;
      throw new SafetensorsError('ST_GAP', place, rule);
    }
    cursor = end;
    if (end > begin) previous = info;
  }
  if (cursor !== dataLength) {
    const last = sorted[sorted.length - 1];
    throw new SafetensorsError(
      'ST_TRAILING_DATA',
      { file, tensor: last?.name },
      `the data section holds ${dataLength} bytes but the tensors cover only the first ${cursor}`,
    );
  }
}

/**
 * Parses and validates the header bytes of a file whose data section (everything after the
 * header) is `dataLength` bytes long and starts at byte `dataStart`.
 */
export function parseHeader(bytes: Uint8Array, dataLength: number, dataStart: number, file: string): ParsedHeader {
  const json = decodeJson(bytes, file);
  let metadata: Record<string, string> | undefined;
  const tensors: TensorInfo[] = [];
  for (const [name, entry] of Object.entries(json)) {
    if (name === '__metadata__') metadata = parseMetadata(entry, file);
    else tensors.push(parseEntry(name, entry, dataLength, dataStart, file));
  }
  tensors.sort((a, b) => a.offsets[0] - b.offsets[0] || a.offsets[1] - b.offsets[1]);
  checkTiling(tensors, dataLength, file);
  return { metadata, tensors };
}
