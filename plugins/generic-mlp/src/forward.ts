import * as tf from '@tensorflow/tfjs';
import { CaptureRequest, FusionError, ForwardResult, name } from '@otfuse/core';
import { MlpActivation, MlpConfig, layerWidths } from './config';
import { MLP_ACTIVATION, MLP_BIAS, MLP_WEIGHT } from './graph';

const ACTIVATIONS: Record<MlpActivation, (x: tf.Tensor) => tf.Tensor> = {
  relu: (x) => tf.relu(x),
  // Exact GELU, x·Φ(x), as PyTorch's default.
  gelu: (x) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.div(x, Math.SQRT2)))),
  tanh: (x) => tf.tanh(x),
};

/**
 * Logits for `inputs [batch, inputSize]`, capturing each layer's output (`layers.{i}`) after
 * its nonlinearity, or before it with `capture.options.preActivation`.
 */
export function mlpForward(
  config: MlpConfig,
  params: Readonly<Record<string, tf.Tensor>>,
  inputs: tf.Tensor,
  capture?: CaptureRequest,
): ForwardResult {
  const wanted = new Set(capture?.keys ?? []);
  const preActivation = capture?.options?.preActivation === true;
  const activations = new Map<string, tf.Tensor2D>();
  const widths = layerWidths(config);
  const logits = tf.tidy(() => {
    let x = inputs.reshape([inputs.shape[0], -1]);
    if (x.shape[1] !== config.inputSize) {
      throw new FusionError('SHAPE_MISMATCH', `inputs have ${x.shape[1]} features per example, the model expects ${config.inputSize}`);
    }
    widths.forEach((_, i) => {
      const weight = params[name(MLP_WEIGHT, { i })];
      // An explicit transpose: matMul's transpose flags are much slower on the wasm backend.
      let z = tf.matMul(x, tf.transpose(weight));
      if (config.bias) z = tf.add(z, params[name(MLP_BIAS, { i })]);
      const last = i === widths.length - 1;
      const out = last ? z : ACTIVATIONS[config.activation](z);
      const key = name(MLP_ACTIVATION, { i });
      // The classifier's output is also the returned logits: capture a copy the caller owns.
      if (wanted.has(key)) activations.set(key, tf.keep((last ? tf.clone(z) : preActivation ? z : out) as tf.Tensor2D));
      x = out;
    });
    return x;
  });
  return { logits, activations };
}
