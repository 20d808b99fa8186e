import * as tf from '@tensorflow/tfjs';
import { IGNORE_LABEL } from '@otfuse/data';
import { TrainError } from './errors';

/**
 * A training objective: logits `[batch, ...positions, classes]` and int32 labels
 * `[batch, ...positions]` to a scalar. Classification has no positions (`[batch, classes]`
 * and `[batch]`); masked LM has one per token, with {@link IGNORE_LABEL} where there is no label.
 */
export type LossFunction = (logits: tf.Tensor, labels: tf.Tensor) => tf.Scalar;

function checkShapes(logits: tf.Tensor, labels: tf.Tensor): void {
  const matches = logits.rank === labels.rank + 1 && labels.shape.every((dim, i) => dim === logits.shape[i]);
  if (!matches || labels.rank < 1) {
    throw new TrainError(
      'SHAPE_MISMATCH',
      'cross-entropy: expected logits [batch, classes] and labels [batch], ' +
        `got logits [${logits.shape.join(', ')}] and labels [${labels.shape.join(', ')}] (per-token labels: logits [batch, length, classes] and labels [batch, length])`,
    );
  }
}

/**
 * Softmax cross-entropy at every labelled position, and which positions are labelled, both
 * flattened to `[batch · positions]`. Ignored positions contribute 0.
 */
export function crossEntropyPerPosition(logits: tf.Tensor, labels: tf.Tensor): { losses: tf.Tensor1D; labelled: tf.Tensor1D } {
  checkShapes(logits, labels);
  return tf.tidy(() => {
    const classes = logits.shape[logits.rank - 1] as number;
    const flatLogits = tf.reshape(logits, [-1, classes]);
    const flatLabels = tf.reshape(labels, [-1]);
    const labelled = tf.cast(tf.notEqual(flatLabels, IGNORE_LABEL), 'float32') as tf.Tensor1D;
    // An ignored position picks class 0, then counts for nothing. The pick is a gather from the
    // flattened log-probabilities (position · classes + label): no one-hot of positions × classes.
    const label = tf.mul(flatLabels, tf.cast(labelled, 'int32'));
    const positions = flatLabels.shape[0];
    const offsets = tf.mul(tf.range(0, positions, 1, 'int32'), tf.scalar(classes, 'int32'));
    const picked = tf.gather(tf.reshape(tf.logSoftmax(flatLogits), [-1]), tf.add(offsets, label));
    return { losses: tf.mul(tf.neg(picked), labelled) as tf.Tensor1D, labelled };
  });
}

/**
 * Per-example softmax cross-entropy, shape `[batch]`: `-log softmax(logits)[label]`, or for
 * per-token labels the mean over the example's labelled positions (0 where it has none).
 */
export function crossEntropyPerExample(logits: tf.Tensor, labels: tf.Tensor): tf.Tensor1D {
  checkShapes(logits, labels);
  return tf.tidy(() => {
    const { losses, labelled } = crossEntropyPerPosition(logits, labels);
    if (labels.rank === 1) return losses;
    const batch = labels.shape[0];
    const sums = tf.sum(tf.reshape(losses, [batch, -1]), 1);
    const counts = tf.sum(tf.reshape(labelled, [batch, -1]), 1);
    return tf.div(sums, tf.maximum(counts, 1)) as tf.Tensor1D;
  });
}

/**
 * Mean softmax cross-entropy over every labelled position of the batch (the default training
 * loss): over the examples for classification, over the masked tokens for masked LM (as
 * HuggingFace's `ignore_index=-100`). A batch without any label gives 0.
 */
export const softmaxCrossEntropy: LossFunction = (logits, labels) =>
  tf.tidy(() => {
    const { losses, labelled } = crossEntropyPerPosition(logits, labels);
    return tf.div(tf.sum(losses), tf.maximum(tf.sum(labelled), 1)) as tf.Scalar;
  });
