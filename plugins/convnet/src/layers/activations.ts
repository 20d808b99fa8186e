import * as tf from '@tensorflow/tfjs';

/** HuggingFace `ACT2FN` names this plugin computes exactly as `transformers` does. */
export const ACTIVATIONS = ['relu', 'gelu', 'silu', 'swish', 'tanh'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/** `ACT2FN[name](x)`: `gelu` is the exact, erf-based GELU; `swish` is `silu`, `x·σ(x)`. */
export function activate(name: Activation, x: tf.Tensor): tf.Tensor {
  switch (name) {
    case 'relu':
      return tf.relu(x);
    case 'gelu':
      return tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.div(x, Math.SQRT2)))));
    case 'silu':
    case 'swish':
      return tf.tidy(() => tf.mul(x, tf.sigmoid(x)));
    case 'tanh':
      return tf.tanh(x);
  }
}
