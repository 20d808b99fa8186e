import * as tf from '@tensorflow/tfjs';
import { TrainError } from '../errors';
import type { FeatureTask } from './task';

/**
 * A feature extractor's task: no labels, no loss. A report compares the outputs of a model (the
 * fused one) with those of each reference (each parent): example by example (mean squared
 * difference, cosine similarity), and over the whole set by linear CKA (`compareOutputs`).
 */
export const features: FeatureTask = {
  id: 'features',
  description: "no labels: a model's outputs are compared with each reference model's (mean squared difference and cosine similarity per example, linear CKA over the examples)",
  parameters: [],
  label: 'features',
  labels: 'none',
  compare(outputs, reference) {
    if (!tf.util.arraysEqual(outputs.shape, reference.shape) || outputs.rank < 1) {
      throw new TrainError('SHAPE_MISMATCH', `features: outputs [${outputs.shape.join(', ')}] and reference outputs [${reference.shape.join(', ')}] must have one shape [batch, ...]`);
    }
    return tf.tidy(() => {
      const batch = outputs.shape[0];
      const a = tf.reshape(outputs, [batch, -1]);
      const b = tf.reshape(reference, [batch, -1]);
      const squared = tf.mean(tf.squaredDifference(a, b), 1);
      const norms = tf.mul(tf.norm(a, 'euclidean', 1), tf.norm(b, 'euclidean', 1));
      // An example whose outputs are all zeros on either side has cosine similarity 0.
      const cosine = tf.divNoNan(tf.sum(tf.mul(a, b), 1), norms);
      return tf.stack([tf.sum(squared), tf.sum(cosine), tf.scalar(batch)]) as tf.Tensor1D;
    });
  },
  metrics: [
    { key: 'meanSquaredDifference', name: 'mean squared difference' },
    { key: 'cosineSimilarity', name: 'cosine similarity' },
    { key: 'linearCka', name: 'linear CKA' },
  ],
};
