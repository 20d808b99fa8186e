import * as tf from '@tensorflow/tfjs';
import { softmaxCrossEntropy } from '../loss';
import { crossEntropyScores } from './cross-entropy-scores';
import { crossEntropyTask } from './cross-entropy-task';
import type { LabelledTask } from './task';

/**
 * `fn` of the logits at positions `0 … length−2` against the labels at `1 … length−1`: position
 * t predicts token t+1, as HuggingFace's causal LM loss shifts them.
 */
function nextToken<T extends tf.Tensor>(fn: (logits: tf.Tensor, labels: tf.Tensor) => T): (logits: tf.Tensor, labels: tf.Tensor) => T {
  return (logits, labels) =>
    tf.tidy(() => {
      const [batch, length] = labels.shape;
      const predicting = tf.slice(logits, [0, 0, 0], [batch, length - 1, logits.shape[2] as number]);
      return fn(predicting, tf.slice(labels, [0, 1], [batch, length - 1]));
    });
}

/** The next token at every position; the labels are the input ids, -100 where there is none. */
export const causalLm: LabelledTask = {
  ...crossEntropyTask({
    id: 'causal-lm',
    description: 'the next token at every position (labels: the input ids, -100 where none): LM loss, next-token accuracy and perplexity',
    label: 'causal LM',
    labels: 'per-token',
    labelShape: ['length'],
    metrics: [
      { key: 'accuracy', name: 'next-token accuracy' },
      { key: 'loss', name: 'LM loss' },
      { key: 'perplexity', name: 'perplexity' },
    ],
  }),
  loss: nextToken(softmaxCrossEntropy),
  score: nextToken(crossEntropyScores),
};
