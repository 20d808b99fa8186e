import * as tf from '@tensorflow/tfjs';
import type { Batch } from '@otfuse/data';

/** Inputs `[count, ...inputShape]` (float32) and labels `[count]` (int32) of a batch. */
export function batchTensors(batch: Batch): { x: tf.Tensor; y: tf.Tensor1D } {
  return { x: tf.tensor(batch.x, batch.shape, 'float32'), y: tf.tensor1d(batch.y, 'int32') };
}
