import * as tf from '@tensorflow/tfjs';

export interface AttentionShape {
  batch: number;
  tokens: number;
  heads: number;
  headSize: number;
}

/**
 * Multi-head `softmax(Q Kᵀ / √d) V` on `[batch·tokens, heads·d]` projections; the result has
 * the same layout (heads concatenated in order, as HuggingFace merges them).
 */
export function scaledDotProductAttention(q: tf.Tensor2D, k: tf.Tensor2D, v: tf.Tensor2D, shape: AttentionShape): tf.Tensor2D {
  return tf.tidy(() => attention(q, k, v, shape));
}

function attention(q: tf.Tensor2D, k: tf.Tensor2D, v: tf.Tensor2D, shape: AttentionShape): tf.Tensor2D {
  const { batch, tokens, heads, headSize } = shape;
  const split = (x: tf.Tensor2D) => tf.reshape(tf.transpose(tf.reshape(x, [batch, tokens, heads, headSize]), [0, 2, 1, 3]), [batch * heads, tokens, headSize]);
  const scores = tf.div(tf.matMul(split(q), tf.transpose(split(k), [0, 2, 1])), Math.sqrt(headSize));
  const context = tf.matMul(tf.softmax(scores), split(v));
  return tf.reshape(tf.transpose(tf.reshape(context, [batch, heads, tokens, headSize]), [0, 2, 1, 3]), [batch * tokens, heads * headSize]);
}
