import * as tf from '@tensorflow/tfjs';
import { layerNorm as coreLayerNorm, linearLayer } from '@otfuse/core';
import { vitParam } from './names';

type Params = Readonly<Record<string, tf.Tensor>>;

/** A `nn.Linear` by its HuggingFace module name (see core's `linearLayer`). */
export function linear(params: Params, module: string, x: tf.Tensor2D, bias = true): tf.Tensor2D {
  return linearLayer(x, params[vitParam(module, 'weight')], bias ? params[vitParam(module, 'bias')] : undefined);
}

/** A `nn.LayerNorm` by its HuggingFace module name (see core's `layerNorm`). */
export function layerNorm(params: Params, module: string, x: tf.Tensor2D, eps: number): tf.Tensor2D {
  return coreLayerNorm(x, params[vitParam(module, 'weight')], params[vitParam(module, 'bias')], eps);
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
