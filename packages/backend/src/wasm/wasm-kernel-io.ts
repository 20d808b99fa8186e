import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { BackendError } from '../errors';

/**
 * Moves data between the wasm heap and JavaScript for kernels computed in JavaScript: inputs
 * are copied out with `readSync`, the result is written straight into a new wasm tensor.
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

/**
 * Allocates a wasm tensor and lets `write` fill every element of it (the memory is not
 * zeroed). `write` must not allocate wasm memory: a growing heap detaches the view it gets.
 */
export function writeOutput(
  backend: BackendWasm,
  shape: number[],
  dtype: NumericDtype,
  write: (out: Float32Array | Int32Array) => void,
): tf.TensorInfo {
  const output = backend.makeOutput(shape, dtype);
  write(backend.typedArrayFromHeap(output) as Float32Array | Int32Array);
  return output;
}
