import * as tf from '@tensorflow/tfjs';
import { gelu, geluTanh } from './gelu';

/** HuggingFace's `ACT2FN` names, each computed as `transformers` computes it. */
export const HF_ACTIVATIONS = {
  relu: (x: tf.Tensor) => tf.relu(x),
  gelu,
  gelu_new: geluTanh,
  silu: (x: tf.Tensor) => tf.tidy(() => tf.mul(x, tf.sigmoid(x))),
  swish: (x: tf.Tensor) => tf.tidy(() => tf.mul(x, tf.sigmoid(x))),
  tanh: (x: tf.Tensor) => tf.tanh(x),
};
export type HfActivation = keyof typeof HF_ACTIVATIONS;

/** `ACT2FN[name](x)`. */
export function activate<T extends tf.Tensor>(name: HfActivation, x: T): T {
  return HF_ACTIVATIONS[name](x) as T;
}
