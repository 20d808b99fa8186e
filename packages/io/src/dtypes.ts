/**
 * The safetensors element types this package reads and writes, and the typed array each one
 * is read into.
 */
import os from 'node:os';
import { IoError } from './errors';

export type FloatDtype = 'F64' | 'F32' | 'F16' | 'BF16';
export type IntDtype = 'I64' | 'U64' | 'I32' | 'U32' | 'I16' | 'U16' | 'I8' | 'U8';
export type Dtype = FloatDtype | IntDtype | 'BOOL';

export interface DtypeInfo {
  /** Bytes per element. */
  readonly size: number;
  readonly kind: 'float' | 'signed' | 'unsigned' | 'bool';
  /**
   * Position in the reference implementation's dtype enumeration. Its writer stores tensors by
   * this rank, highest first, then by name, so that every tensor starts aligned.
   */
  readonly rank: number;
}

/** Every supported dtype. The ranks leave room for the 8-bit float types this package does not decode. */
export const DTYPES: Readonly<Record<Dtype, DtypeInfo>> = Object.freeze({
  BOOL: { size: 1, kind: 'bool', rank: 0 },
  U8: { size: 1, kind: 'unsigned', rank: 1 },
  I8: { size: 1, kind: 'signed', rank: 2 },
  I16: { size: 2, kind: 'signed', rank: 5 },
  U16: { size: 2, kind: 'unsigned', rank: 6 },
  F16: { size: 2, kind: 'float', rank: 7 },
  BF16: { size: 2, kind: 'float', rank: 8 },
  I32: { size: 4, kind: 'signed', rank: 9 },
  U32: { size: 4, kind: 'unsigned', rank: 10 },
  F32: { size: 4, kind: 'float', rank: 11 },
  F64: { size: 8, kind: 'float', rank: 12 },
  I64: { size: 8, kind: 'signed', rank: 13 },
  U64: { size: 8, kind: 'unsigned', rank: 14 },
});

export const DTYPE_NAMES = Object.keys(DTYPES) as Dtype[];

export function isDtype(value: unknown): value is Dtype {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(DTYPES, value);
}

export function isFloatDtype(dtype: Dtype): dtype is FloatDtype {
  return DTYPES[dtype].kind === 'float';
}

/** The typed arrays tensors are read into and written from. */
export type TensorArray =
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array;

/**
 * A tensor in memory. `dtype` is how it is stored in a file. `data` is row-major and of the
 * dtype's natural kind: Float32Array for F32, F16 and BF16 (half types are widened on read),
 * Float64Array for F64, BigInt64Array for I64, Uint8Array for U8 and BOOL, and so on.
 */
export interface TensorData {
  dtype: Dtype;
  shape: number[];
  data: TensorArray;
}

type ArrayConstructorOf = new (buffer: ArrayBuffer, byteOffset?: number, length?: number) => TensorArray;

/** The array a dtype's raw little-endian bytes can be viewed as without conversion. */
export const RAW_ARRAY: Readonly<Record<Exclude<Dtype, 'F16' | 'BF16'>, ArrayConstructorOf>> = {
  BOOL: Uint8Array,
  U8: Uint8Array,
  I8: Int8Array,
  I16: Int16Array,
  U16: Uint16Array,
  I32: Int32Array,
  U32: Uint32Array,
  F32: Float32Array,
  F64: Float64Array,
  I64: BigInt64Array,
  U64: BigUint64Array,
};

/** Typed arrays use the host's byte order; safetensors is little-endian. */
export function assertLittleEndianHost(): void {
  if (os.endianness() !== 'LE') {
    throw new IoError('IO_BIG_ENDIAN_HOST', 'safetensors data is little-endian; this host is big-endian');
  }
}

export function elementCount(shape: readonly number[]): number {
  let count = 1;
  for (const dim of shape) count *= dim;
  return count;
}
