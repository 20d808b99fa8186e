import { readFileSync } from 'node:fs';

/** A tensor read from a safetensors file by the test helper below. */
export interface LoadedTensor {
  shape: number[];
  data: Float32Array | Float64Array;
}

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

/**
 * Minimal safetensors reader for golden files (F32 and F64 only): an 8-byte little-endian
 * header length, a JSON header, then raw little-endian data.
 */
export function readSafetensors(file: string): Map<string, LoadedTensor> {
  const bytes = readFileSync(file);
  const headerLength = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8')) as Record<string, unknown>;
  const dataStart = 8 + headerLength;
  const tensors = new Map<string, LoadedTensor>();
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const entry = value as HeaderEntry;
    const [begin, end] = entry.data_offsets;
    // Copy into an aligned buffer: typed-array views need offsets aligned to the element size.
    const raw = new Uint8Array(end - begin);
    raw.set(bytes.subarray(dataStart + begin, dataStart + end));
    let data: Float32Array | Float64Array;
    if (entry.dtype === 'F32') data = new Float32Array(raw.buffer);
    else if (entry.dtype === 'F64') data = new Float64Array(raw.buffer);
    else throw new Error(`${file}: tensor '${name}': dtype ${entry.dtype} is not supported by this test reader`);
    tensors.set(name, { shape: entry.shape, data });
  }
  return tensors;
}
