import * as tf from '@tensorflow/tfjs';
import type { Batch } from '@otfuse/data';

/** Inputs `[count, ...inputShape]` (float32) and labels `[count, ...labelShape]` (int32) of a batch. */
export function batchTensors(batch: Batch, labelShape: readonly number[] = []): { x: tf.Tensor; y: tf.Tensor } {
  return { x: tf.tensor(batch.x, batch.shape, 'float32'), y: tf.tensor(batch.y, [batch.count, ...labelShape], 'int32') };
}
