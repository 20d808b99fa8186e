import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@otfuse/backend';
import { type Dataset, batches, firstN } from '@otfuse/data';
import { batchTensors } from './batch-tensors';
import { TrainError } from './errors';
import { crossEntropyPerExample } from './loss';
import { type Model, logitsOf } from './model';

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** Examples per forward pass (default 256). */
  batchSize?: number;
  /** Evaluate only the first `limit` examples (default: all). */
  limit?: number;
}

/** Classification metrics over the evaluated examples. */
export interface EvaluationResult {
  /** Fraction of examples whose arg-max logit is the label (ties: the lowest class wins); NaN for no examples. */
  accuracy: number;
  /** Mean softmax cross-entropy; NaN for no examples. */
  loss: number;
  /** Number of examples evaluated. */
  count: number;
}

/** Accuracy and mean cross-entropy of `model` on `dataset`, in data set order, without gradients. */
export async function evaluate(model: Model, dataset: Dataset, options: EvaluateOptions = {}): Promise<EvaluationResult> {
  const { batchSize = 256, limit } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new TrainError('INVALID_OPTION', `evaluate: batchSize must be a positive integer, got ${batchSize}`);
  }
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) {
    throw new TrainError('INVALID_OPTION', `evaluate: limit must be a non-negative integer, got ${limit}`);
  }
  await initBackend(); // idempotent: keeps a backend chosen earlier, else picks the fastest
  const examples = limit === undefined || limit >= dataset.size ? dataset : firstN(dataset, limit);
  let correct = 0;
  let lossSum = 0;
  for (const batch of batches(examples, { batchSize })) {
    const sums = tf.tidy(() => {
      const { x, y } = batchTensors(batch);
      const logits = logitsOf(model, x, dataset.numClasses);
      const hits = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), y), 'float32'));
      return tf.stack([hits, tf.sum(crossEntropyPerExample(logits, y))]);
    });
    const [hits, loss] = await sums.data();
    sums.dispose();
    correct += hits;
    lossSum += loss;
  }
  const count = examples.size;
  return { accuracy: correct / count, loss: lossSum / count, count };
}
