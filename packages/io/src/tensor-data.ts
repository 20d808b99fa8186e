/** Turning a tensor's stored bytes into typed arrays, and typed arrays into float32. */
import { DTYPES, type Dtype, RAW_ARRAY, type TensorArray, type TensorData, assertLittleEndianHost } from './dtypes';
import { IoError } from './errors';
import { bfloat16ToFloat32, float16ToFloat32 } from './float-formats';
import type { Float32TensorData } from './tensor-reader';

/**
 * The natural typed array of `bytes` stored as `dtype`. `bytes` must start its own ArrayBuffer
 * (offset 0) so that the result can view it without copying.
 */
export function decodeTensorBytes(dtype: Dtype, shape: readonly number[], bytes: Uint8Array): TensorData {
  assertLittleEndianHost();
  const buffer = bytes.buffer as ArrayBuffer;
  if (dtype === 'F16' || dtype === 'BF16') {
    const bits = new Uint16Array(buffer, bytes.byteOffset, bytes.byteLength / 2);
    const data = dtype === 'F16' ? float16ToFloat32(bits) : bfloat16ToFloat32(bits);
    return { dtype, shape: [...shape], data };
  }
  const View = RAW_ARRAY[dtype];
  return { dtype, shape: [...shape], data: new View(buffer, bytes.byteOffset, bytes.byteLength / DTYPES[dtype].size) };
}

/** Float32 copy of `data`; integer values must survive the conversion exactly. */
export function toFloat32(data: TensorArray, what: string): Float32Array {
  if (data instanceof Float32Array) return data;
  const out = new Float32Array(data.length);
  if (data instanceof Float64Array) {
    out.set(data);
    return out;
  }
  for (let i = 0; i < data.length; i++) {
    const value = Number(data[i]);
    out[i] = value;
    if (out[i] !== value || (typeof data[i] === 'bigint' && BigInt(value) !== data[i])) {
      throw new IoError(
        'IO_LOSSY_CONVERSION',
        `${what}: element ${i} is ${data[i]}, which float32 cannot hold exactly`,
      );
    }
  }
  return out;
}

/** What `readAsFloat32` returns for `tensor`; `what` names it in a lossy-conversion error. */
export function float32Tensor(tensor: TensorData, what: string): Float32TensorData {
  return { dtype: 'F32', shape: tensor.shape, data: toFloat32(tensor.data, what) };
}

/** The rule of a missing-tensor error: a few of the names that do exist. */
export function noSuchTensorRule(names: readonly string[], holder: string): string {
  const some = names.slice(0, 5).map((name) => `'${name}'`).join(', ');
  const more = names.length > 5 ? `, … (${names.length} in all)` : '';
  return `no such tensor; ${holder} holds ${some || 'no tensors'}${more}`;
}
