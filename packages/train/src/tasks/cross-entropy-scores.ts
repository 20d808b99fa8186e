import * as tf from '@tensorflow/tfjs';
import { crossEntropyPerPosition } from '../loss';

/**
 * `[hits, lossSum, predictions]` of logits `[batch, ...positions, classes]` against int32 labels
 * `[batch, ...positions]`, over the labelled positions (-100 marks the others): arg-max hits
 * (ties go to the lowest class), summed softmax cross-entropy, labelled positions.
 */
export function crossEntropyScores(logits: tf.Tensor, labels: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    const { losses, labelled } = crossEntropyPerPosition(logits, labels);
    const predicted = tf.reshape(tf.argMax(logits, -1), [-1]);
    const hits = tf.sum(tf.mul(tf.cast(tf.equal(predicted, tf.reshape(labels, [-1])), 'float32'), labelled));
    return tf.stack([hits, tf.sum(losses), tf.sum(labelled)]) as tf.Tensor1D;
  });
}
