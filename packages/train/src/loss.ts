import * as tf from '@tensorflow/tfjs';
import { TrainError } from './errors';

/** A training objective: logits `[batch, classes]` and int32 labels `[batch]` to a scalar. */
export type LossFunction = (logits: tf.Tensor, labels: tf.Tensor1D) => tf.Scalar;

/** Per-example softmax cross-entropy `-log softmax(logits)[label]`, shape `[batch]`. */
export function crossEntropyPerExample(logits: tf.Tensor, labels: tf.Tensor1D): tf.Tensor1D {
  if (logits.rank !== 2 || logits.shape[0] !== labels.shape[0]) {
    throw new TrainError(
      'SHAPE_MISMATCH',
      'cross-entropy: expected logits [batch, classes] and labels [batch], ' +
        `got logits [${logits.shape.join(', ')}] and labels [${labels.shape.join(', ')}]`,
    );
  }
  return tf.tidy(() => {
    const logProbabilities = tf.logSoftmax(logits);
    const picked = tf.sum(tf.mul(logProbabilities, tf.oneHot(labels, logits.shape[1] as number)), 1);
    return tf.neg(picked) as tf.Tensor1D;
  });
}

/** Mean softmax cross-entropy over the batch (the default training loss). */
export const softmaxCrossEntropy: LossFunction = (logits, labels) =>
  tf.tidy(() => tf.mean(crossEntropyPerExample(logits, labels)) as tf.Scalar);
