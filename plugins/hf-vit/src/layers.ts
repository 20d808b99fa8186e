import * as tf from '@tensorflow/tfjs';
import { vitParam } from './names';

type Params = Readonly<Record<string, tf.Tensor>>;

/**
 * `x Wᵀ + b` for `x [rows, in]` and a PyTorch `nn.Linear` weight `[out, in]`. An explicit
 * transpose: matMul's transpose flags are much slower on the wasm backend.
 */
export function linear(params: Params, module: string, x: tf.Tensor2D, bias = true): tf.Tensor2D {
  const y = tf.matMul(x, tf.transpose(params[vitParam(module, 'weight')]));
  return (bias ? tf.add(y, params[vitParam(module, 'bias')]) : y) as tf.Tensor2D;
}

/** PyTorch's `nn.LayerNorm` over the last axis (biased variance, `eps` inside the root). */
export function layerNorm(params: Params, module: string, x: tf.Tensor2D, eps: number): tf.Tensor2D {
  // Each composite op in its own scope: its temporaries are freed at once, not at the end of the
  // stage (under a gradient tape, tfjs keeps what backpropagation needs regardless).
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, -1, true);
    const normalised = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps)));
    return tf.add(tf.mul(normalised, params[vitParam(module, 'weight')]), params[vitParam(module, 'bias')]) as tf.Tensor2D;
  });
}

/** Exact GELU, `x·Φ(x) = x/2 · (1 + erf(x/√2))`, HuggingFace's `gelu`. */
export function gelu(x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.div(x, Math.SQRT2)))) as tf.Tensor2D);
}

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
