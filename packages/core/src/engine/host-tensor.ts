import * as tf from '@tensorflow/tfjs';

/**
 * A `[rows, cols]` float32 tensor whose values stay in plain JavaScript memory: it lives on
 * tfjs' cpu backend, which stores the given array itself, so `dataSync()` returns that array
 * without a copy and nothing enters the WebAssembly heap. A kernel of another backend that
 * reads it moves the values there first (tfjs does that for tensors of any backend), so the
 * tensor works anywhere; only code that reads it on the host keeps it out of the heap.
 * Without the cpu backend it is an ordinary tensor of the active backend.
 */
export function hostTensor2d(values: Float32Array, rows: number, cols: number): tf.Tensor2D {
  if (values.length !== rows * cols) throw new RangeError(`${values.length} values do not fill [${rows}, ${cols}]`);
  const cpu = tf.findBackend('cpu');
  if (!cpu) return tf.tensor2d(values, [rows, cols]);
  // `move` registers the array under a new data id as is (`write` would do the same, but
  // prints tfjs' advice to install tfjs-node on its first call).
  const dataId = {};
  cpu.move(dataId, values, [rows, cols], 'float32', 1);
  return tf.engine().makeTensorFromDataId(dataId, [rows, cols], 'float32', cpu) as tf.Tensor2D;
}
