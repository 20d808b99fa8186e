import * as tf from '@tensorflow/tfjs';

/** 1/√(2π), the standard normal density's factor. */
const INVERSE_SQRT_TWO_PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * The exact GELU with its derivative written out, `Φ(x) + x·φ(x)` from `x` and the `1 + erf`
 * the forward pass computed: eight elementwise passes where tfjs's chain rule through erf takes
 * twelve, and a training step makes one such pass over every hidden unit of every token.
 */
const exactGelu = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
  const onePlusErf = tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2)));
  save([x, onePlusErf]);
  return {
    value: tf.mul(tf.mul(x, 0.5), onePlusErf),
    gradFunc: (dy: tf.Tensor, [saved, savedOnePlusErf]: tf.Tensor[]) => {
      const density = tf.mul(tf.exp(tf.mul(tf.mul(saved, saved), -0.5)), INVERSE_SQRT_TWO_PI);
      return tf.mul(dy, tf.add(tf.mul(savedOnePlusErf, 0.5), tf.mul(saved, density)));
    },
  };
}) as Parameters<typeof tf.customGrad>[0]);

/**
 * The exact GELU, `x·Φ(x)`, as `x·0.5·(1 + erf(x·√½))`: the order of PyTorch's kernel
 * (HuggingFace's `gelu`). A quotient by √2 rounds differently.
 */
export function gelu<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => exactGelu(x)) as T;
}

/** The tanh approximation, `0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))`, written as HuggingFace's `NewGELUActivation` (`gelu_new`). */
export function geluTanh<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => {
    const inner = tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3))));
    return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(inner)));
  });
}
