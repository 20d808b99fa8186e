import * as tf from '@tensorflow/tfjs';

/** PyTorch's float32 minimum: HuggingFace adds `(1 - mask) · finfo(float32).min` to masked keys' scores. */
export const FLOAT32_MIN = -3.4028234663852886e38;

export interface AttentionShape {
  batch: number;
  length: number;
  heads: number;
  headSize: number;
}

/**
 * Multi-head `softmax(Q Kᵀ·d^-½ + mask) V` on `[batch·length, heads·d]` projections, with
 * `keyBias [batch, length]` (0 on real tokens, FLOAT32_MIN on padding) added to every query's
 * scores. Returns the context (heads merged in order, HuggingFace's layout) and the
 * probabilities `[batch, heads, length, length]`.
 */
export function maskedAttention(q: tf.Tensor2D, k: tf.Tensor2D, v: tf.Tensor2D, keyBias: tf.Tensor2D, shape: AttentionShape): { context: tf.Tensor2D; probs: tf.Tensor4D } {
  const { batch, length, heads, headSize } = shape;
  const split = (x: tf.Tensor2D) => tf.transpose(tf.reshape(x, [batch, length, heads, headSize]), [0, 2, 1, 3]);
  return tf.tidy(() => {
    // Scaled by d^-½ as a product, as transformers' eager attention does (a quotient rounds differently).
    const scores = tf.mul(tf.matMul(split(q), tf.transpose(split(k), [0, 1, 3, 2])), 1 / Math.sqrt(headSize));
    const probs = tf.softmax(tf.add(scores, tf.reshape(keyBias, [batch, 1, 1, length]))) as tf.Tensor4D;
    const context = tf.reshape(tf.transpose(tf.matMul(probs, split(v)), [0, 2, 1, 3]), [batch * length, heads * headSize]) as tf.Tensor2D;
    return { context, probs };
  });
}
