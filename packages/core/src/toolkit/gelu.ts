import * as tf from '@tensorflow/tfjs';

/**
 * The exact GELU, `x·Φ(x)`, as `x·0.5·(1 + erf(x·√½))`: the order of PyTorch's kernel
 * (HuggingFace's `gelu`). A quotient by √2 rounds differently.
 */
export function gelu<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2)))));
}

/** The tanh approximation, `0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))`, written as HuggingFace's `NewGELUActivation` (`gelu_new`). */
export function geluTanh<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => {
    const inner = tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3))));
    return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(inner)));
  });
}
