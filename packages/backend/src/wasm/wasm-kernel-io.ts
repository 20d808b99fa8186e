import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { BackendError } from '../errors';

/**
 * Moves data between the wasm heap and JavaScript for kernels computed in JavaScript: inputs
 * are copied out with `readSync`, the result is copied into a new wasm tensor.
 */

type NumericDtype = 'float32' | 'int32';

export function readInput(
  backend: BackendWasm,
  kernelName: string,
  inputName: string,
  input: tf.TensorInfo,
  dtypes: readonly NumericDtype[],
): Float32Array | Int32Array {
  if (!(dtypes as readonly string[]).includes(input.dtype)) {
    throw new BackendError(
      'BACKEND_KERNEL_INPUT',
      `${kernelName} on wasm: input '${inputName}' must be ${dtypes.join(' or ')}, got ${input.dtype}`,
    );
  }
  return backend.readSync(input.dataId) as Float32Array | Int32Array;
}

export function writeOutput(
  backend: BackendWasm,
  shape: number[],
  dtype: NumericDtype,
  values: Float32Array | Int32Array,
): tf.TensorInfo {
  return backend.makeOutput(shape, dtype, undefined, values);
}
