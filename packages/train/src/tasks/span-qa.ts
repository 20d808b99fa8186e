import * as tf from '@tensorflow/tfjs';
import { crossEntropyPerPosition } from '../loss';
import type { LabelledTask } from './task';

/**
 * What the loss and the scores share: the start and end logits as two positions whose classes
 * are the tokens (`[batch, 2, tokens]`), which examples have a span (an example whose start or
 * end is -100 has none and counts for nothing), and the summed per-example loss, the mean of
 * the start and end cross-entropies.
 */
function spanTerms(logits: tf.Tensor, labels: tf.Tensor): { ends: tf.Tensor; answered: tf.Tensor; lossSum: tf.Scalar } {
  const batch = labels.shape[0];
  const ends = tf.transpose(logits, [0, 2, 1]);
  const { losses, labelled } = crossEntropyPerPosition(ends, labels);
  const answered = tf.min(tf.reshape(labelled, [batch, 2]), 1);
  return { ends, answered, lossSum: tf.sum(tf.mul(tf.mean(tf.reshape(losses, [batch, 2]), 1), answered)) };
}

/**
 * Extractive question answering: a start and an end token per example, logits `[tokens, 2]`
 * (start, end) per example, where the data set's `numClasses` is the token count. The loss is
 * the mean of the start and end cross-entropies, as HuggingFace's question-answering heads
 * compute it; the headline accuracy is the exact match (both ends right), beside the start and
 * the end token's accuracy.
 */
export const spanQa: LabelledTask = {
  id: 'span-qa',
  description: 'a start and an end token per example (logits [tokens, 2]): mean of the start and end cross-entropies, exact match, start and end accuracy',
  parameters: [],
  label: 'span QA',
  labels: 'span',
  labelShape: [2],
  logitsShape: (data) => [data.numClasses, 2],
  classAxis: -2,
  parts: ['startAccuracy', 'endAccuracy'],
  loss: (logits, labels) =>
    tf.tidy(() => {
      const { answered, lossSum } = spanTerms(logits, labels);
      return tf.div(lossSum, tf.maximum(tf.sum(answered), 1)) as tf.Scalar;
    }),
  score: (logits, labels) =>
    tf.tidy(() => {
      const { ends, answered, lossSum } = spanTerms(logits, labels);
      // Whether the arg-max token is right, per example and end, counted over the answered examples only.
      const right = tf.mul(tf.cast(tf.equal(tf.reshape(tf.argMax(ends, -1), [-1, 2]), tf.reshape(labels, [-1, 2])), 'float32'), tf.reshape(answered, [-1, 1]));
      // An exact match: right at both ends; then the start and the end hits.
      return tf.concat([tf.stack([tf.sum(tf.min(right, 1)), lossSum, tf.sum(answered)]), tf.sum(right, 0)]) as tf.Tensor1D;
    }),
  metrics: [
    { key: 'accuracy', name: 'exact match' },
    { key: 'startAccuracy', name: 'start accuracy' },
    { key: 'endAccuracy', name: 'end accuracy' },
    { key: 'loss', name: 'loss' },
  ],
};
