/**
 * Narrowing of 64-bit integer tensors (token ids, labels), which read as BigInt64Array, to the
 * number types the rest of a program uses. A value that does not fit is an error, never wrapped.
 */
import { IoError } from './errors';

const INT32_MIN = BigInt(-0x80000000);
const INT32_MAX = BigInt(0x7fffffff);
const SAFE_MIN = BigInt(Number.MIN_SAFE_INTEGER);
const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);

function overflow(what: string, index: number, value: bigint, target: string): IoError {
  return new IoError('IO_INT_OVERFLOW', `${what}: element ${index} is ${value}, which does not fit in ${target}`);
}

/** Int32Array of the same values; `what` names the tensor in the error. */
export function int64ToInt32(values: BigInt64Array | BigUint64Array, what = 'int64 tensor'): Int32Array {
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value < INT32_MIN || value > INT32_MAX) throw overflow(what, i, value, 'int32');
    out[i] = Number(value);
  }
  return out;
}

/** Plain numbers of the same values; each must be a safe integer (|v| <= 2^53 - 1). */
export function int64ToNumbers(values: BigInt64Array | BigUint64Array, what = 'int64 tensor'): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value < SAFE_MIN || value > SAFE_MAX) throw overflow(what, i, value, 'a safe JavaScript integer');
    out[i] = Number(value);
  }
  return out;
}
