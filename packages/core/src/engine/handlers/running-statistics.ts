import * as tf from '@tensorflow/tfjs';
import { FusionError, formatShape } from '../../errors';
import { TransportMap, toTensor } from '../transport-map';

/**
 * The running variance of a BatchNorm whose features a map blends. Aligned feature j is
 * `z'_j = Σ_i T_ij z_i = c_j · Σ_i p_ij z_i`, with `c_j = Σ_i T_ij` and `p_ij = T_ij / c_j`.
 * Taken as the mixture OT assumes (the neurons a column blends are one neuron seen several
 * times), its mean is `c_j Σ_i p_ij μ_i`, which is `μ·T`, the mean's own alignment, and its
 * variance `c_j² (Σ_i p_ij σ²_i + Σ_i p_ij (μ_i − μ̄_j)²)`: the spread within each neuron plus the
 * spread between their means (the law of total variance). Blending the variances alone would
 * drop the second term. The centred form gives a permutation's variances back exactly.
 */
export function mixtureVariance(mean: tf.Tensor, variance: tf.Tensor, map: TransportMap, label: string): tf.Tensor {
  for (const t of [mean, variance]) {
    if (t.rank !== 1 || t.shape[0] !== map.n0) {
      throw new FusionError('SHAPE_MISMATCH', `running statistics must be [${map.n0}] to follow the map [${map.n0}, ${map.n1}], got ${formatShape(t.shape)}`, [label]);
    }
  }
  return tf.tidy(() => {
    const plan = toTensor(map);
    const mass = tf.sum(plan, 0);
    const weights = tf.divNoNan(plan, mass);
    const blendedMean = tf.matMul(mean.reshape([1, map.n0]), weights);
    const within = tf.matMul(variance.reshape([1, map.n0]), weights);
    const between = tf.sum(tf.mul(weights, tf.square(tf.sub(mean.reshape([map.n0, 1]), blendedMean))), 0);
    return tf.mul(tf.square(mass), tf.add(within.reshape([map.n1]), between));
  });
}
