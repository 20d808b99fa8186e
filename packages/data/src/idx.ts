import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { readInputFile } from '@otfuse/io';
import { DataError } from './errors';

/** An IDX array of unsigned bytes (the format of the MNIST files). */
export interface IdxArray {
  readonly dims: number[];
  readonly data: Uint8Array;
}

const UNSIGNED_BYTE = 0x08;

/** Parses IDX bytes (gzip-compressed or not); `file` only names the source in errors. */
export function parseIdx(bytes: Uint8Array, file: string): IdxArray {
  const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? new Uint8Array(zlib.gunzipSync(bytes)) : bytes;
  if (raw.length < 4 || raw[0] !== 0 || raw[1] !== 0) {
    throw new DataError('FILE_FORMAT', `${file}: not an IDX file (magic number must start with two zero bytes)`);
  }
  if (raw[2] !== UNSIGNED_BYTE) {
    throw new DataError('FILE_FORMAT', `${file}: IDX element type 0x${raw[2].toString(16)} unsupported; expected 0x08 (unsigned byte)`);
  }
  const rank = raw[3];
  const headerLength = 4 + 4 * rank;
  if (raw.length < headerLength) {
    throw new DataError('FILE_FORMAT', `${file}: truncated IDX header (${raw.length} bytes, rank ${rank})`);
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const dims: number[] = [];
  for (let axis = 0; axis < rank; axis++) dims.push(view.getUint32(4 + 4 * axis, false));
  const expected = dims.reduce((product, dim) => product * dim, 1);
  const found = raw.length - headerLength;
  if (found !== expected) {
    throw new DataError('FILE_FORMAT', `${file}: IDX dims [${dims.join(', ')}] need ${expected} data bytes, found ${found}`);
  }
  return { dims, data: raw.subarray(headerLength) };
}

/** Reads `file`, or `file.gz` when only the compressed copy exists. */
export function readIdxFile(file: string): IdxArray {
  const candidates = [file, `${file}.gz`];
  const existing = candidates.find((candidate) => fs.existsSync(candidate));
  if (existing === undefined) {
    throw new DataError('FILE_NOT_FOUND', `IDX file not found: ${candidates.join(' or ')}`);
  }
  return parseIdx(readInputFile(existing, 'an IDX file'), existing);
}
