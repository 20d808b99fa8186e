import * as tf from '@tensorflow/tfjs';

/** PyTorch's float32 minimum: the additive mask value of HuggingFace's eager attention. */
export const FLOAT32_MIN = -3.4028234663852886e38;

/** `LlamaRMSNorm`: `γ · x / √(mean(x²) + ε)` over the last axis. */
export function rmsNorm(x: tf.Tensor2D, gamma: tf.Tensor, eps: number): tf.Tensor2D {
  return tf.tidy(() => {
    const variance = tf.mean(tf.square(x), -1, true);
    return tf.mul(gamma, tf.mul(x, tf.rsqrt(tf.add(variance, eps)))) as tf.Tensor2D;
  });
}

/** `silu(x) = x · σ(x)`. */
export const silu = (x: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => tf.mul(x, tf.sigmoid(x)) as tf.Tensor2D);

/**
 * RoPE's tables `[length, d]` in `transformers`' layout: `inv_freq_i = θ^(−2i/d)` for i < d/2,
 * angle `t · inv_freq`, the d/2 frequencies written twice (`cat(freqs, freqs)`), all in float32
 * as `LlamaRotaryEmbedding` computes them.
 */
export function ropeTables(length: number, headDim: number, theta: number): { cos: Float32Array; sin: Float32Array } {
  const half = headDim / 2;
  const invFreq = Array.from({ length: half }, (_, i) => Math.fround(1 / Math.fround(Math.pow(theta, Math.fround((2 * i) / headDim)))));
  const cos = new Float32Array(length * headDim);
  const sin = new Float32Array(length * headDim);
  for (let t = 0; t < length; t++) {
    for (let i = 0; i < half; i++) {
      const angle = Math.fround(t * invFreq[i]);
      for (const j of [i, i + half]) {
        cos[t * headDim + j] = Math.cos(angle);
        sin[t * headDim + j] = Math.sin(angle);
      }
    }
  }
  return { cos, sin };
}

/** `x · cos + rotate_half(x) · sin` on `[batch, heads, length, d]`; `rotate_half(x) = cat(−x₂, x₁)`: dimension j turns with j + d/2. */
export function applyRope(x: tf.Tensor4D, cos: tf.Tensor, sin: tf.Tensor): tf.Tensor4D {
  return tf.tidy(() => {
    const d = x.shape[3];
    const [x1, x2] = tf.split(x, [d / 2, d / 2], 3);
    const rotated = tf.concat([tf.neg(x2), x1], 3);
    return tf.add(tf.mul(x, cos), tf.mul(rotated, sin)) as tf.Tensor4D;
  });
}

export interface GqaShape {
  batch: number;
  length: number;
  heads: number;
  kvHeads: number;
  headDim: number;
}

/**
 * Causal grouped-query attention on `[batch·length, heads·d]` queries and `[batch·length, kvHeads·d]`
 * keys and values: RoPE on queries and keys, each KV head repeated for its `heads / kvHeads` query
 * heads (`repeat_kv`), scores `Q Kᵀ · d^-½` plus `bias [batch, 1, length, length]` (0 where a query
 * may read a key, FLOAT32_MIN elsewhere), softmax, values. Returns the context, heads merged in order.
 */
export function ropeAttention(q: tf.Tensor2D, k: tf.Tensor2D, v: tf.Tensor2D, bias: tf.Tensor, cos: tf.Tensor, sin: tf.Tensor, shape: GqaShape): tf.Tensor2D {
  const { batch, length, heads, kvHeads, headDim } = shape;
  const split = (x: tf.Tensor2D, count: number) => tf.transpose(tf.reshape(x, [batch, length, count, headDim]), [0, 2, 1, 3]) as tf.Tensor4D;
  const repeat = (x: tf.Tensor4D) =>
    heads === kvHeads ? x : tf.reshape(tf.tile(tf.expandDims(x, 2), [1, 1, heads / kvHeads, 1, 1]), [batch, heads, length, headDim]);
  return tf.tidy(() => {
    const queries = applyRope(split(q, heads), cos, sin);
    const keys = repeat(applyRope(split(k, kvHeads), cos, sin));
    const values = repeat(split(v, kvHeads));
    const scores = tf.mul(tf.matMul(queries, tf.transpose(keys, [0, 1, 3, 2])), 1 / Math.sqrt(headDim));
    const probs = tf.softmax(tf.add(scores, bias));
    return tf.reshape(tf.transpose(tf.matMul(probs, values), [0, 2, 1, 3]), [batch * length, heads * headDim]) as tf.Tensor2D;
  });
}

/** The additive mask `[batch, 1, length, length]`: a query reads the real keys at or before it. */
export function causalPaddingBias(attentionMask: tf.Tensor2D, length: number): tf.Tensor4D {
  return tf.tidy(() => {
    const causal = new Float32Array(length * length);
    for (let i = 0; i < length; i++) for (let j = i + 1; j < length; j++) causal[i * length + j] = FLOAT32_MIN;
    const padding = tf.mul(tf.sub(1, tf.cast(attentionMask, 'float32')), FLOAT32_MIN);
    return tf.minimum(tf.tensor4d(causal, [1, 1, length, length]), tf.reshape(padding, [-1, 1, 1, length])) as tf.Tensor4D;
  });
}
