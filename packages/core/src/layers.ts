import * as tf from '@tensorflow/tfjs';

/**
 * `x Wᵀ + b` for `x [rows, in]` and a PyTorch `nn.Linear` weight `[out, in]` (bias optional). An
 * explicit transpose: matMul's transpose flags are much slower on the wasm backend.
 */
export function linearLayer(x: tf.Tensor2D, weight: tf.Tensor, bias?: tf.Tensor): tf.Tensor2D {
  const y = tf.matMul(x, tf.transpose(weight));
  return (bias ? tf.add(y, bias) : y) as tf.Tensor2D;
}

/** PyTorch's `nn.LayerNorm` over the last axis (biased variance, `eps` inside the root). */
export function layerNorm(x: tf.Tensor2D, weight: tf.Tensor, bias: tf.Tensor, eps: number): tf.Tensor2D {
  // Its own scope, so its temporaries are freed at once, not at the end of the stage (under a
  // gradient tape, tfjs keeps what backpropagation needs regardless).
  return tf.tidy(() => layerNormWithGradient(eps)(x, weight, bias)) as tf.Tensor2D;
}

/**
 * Layer normalisation with its gradient written out: from the normalised rows `n` and the
 * inverse deviation `r`, `dx = r·(g − mean(g) − n·mean(g·n))` with `g = dy·weight`. tfjs's
 * chain rule through the moments takes about twice the elementwise passes, and a training step
 * makes each over every feature of every token.
 */
function layerNormWithGradient(eps: number): (x: tf.Tensor, weight: tf.Tensor, bias: tf.Tensor) => tf.Tensor {
  return tf.customGrad(((x: tf.Tensor, weight: tf.Tensor, bias: tf.Tensor, save: tf.GradSaveFunc) => {
    const { mean, variance } = tf.moments(x, -1, true);
    const inverseDeviation = tf.rsqrt(tf.add(variance, eps));
    const normalised = tf.mul(tf.sub(x, mean), inverseDeviation);
    save([normalised, inverseDeviation, weight]);
    return {
      value: tf.add(tf.mul(normalised, weight), bias),
      gradFunc: (dy: tf.Tensor, [n, r, w]: tf.Tensor[]) => {
        const g = tf.mul(dy, w);
        const centred = tf.sub(g, tf.mean(g, -1, true));
        const dx = tf.mul(tf.sub(centred, tf.mul(n, tf.mean(tf.mul(g, n), -1, true))), r);
        return [dx, tf.reshape(tf.sum(tf.mul(dy, n), 0), w.shape), tf.reshape(tf.sum(dy, 0), bias.shape)];
      },
    };
  }) as Parameters<typeof tf.customGrad>[0]);
}

/**
 * The rows `rows` of `x [n, features]`, copied on the host: a capture's token filter keeps a few
 * rows of a large activation, and a gather on the wasm backend is far slower than the copy.
 */
export function selectRows(x: tf.Tensor2D, rows: ArrayLike<number>): tf.Tensor2D {
  const features = x.shape[1];
  const source = x.dataSync() as Float32Array;
  const out = new Float32Array(rows.length * features);
  for (let i = 0; i < rows.length; i++) out.set(source.subarray(rows[i] * features, (rows[i] + 1) * features), i * features);
  return tf.tensor2d(out, [rows.length, features]);
}
