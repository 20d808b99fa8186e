import * as tf from '@tensorflow/tfjs';
import { CaptureRequest, FusionError, ForwardResult, ForwardStage, Params, linearLayer, name, runStages } from '@otfuse/core';
import { MlpActivation, MlpConfig, layerWidths } from './config';
import { MLP_ACTIVATION, MLP_BIAS, MLP_WEIGHT } from './graph';

const ACTIVATIONS: Record<MlpActivation, (x: tf.Tensor) => tf.Tensor> = {
  relu: (x) => tf.relu(x),
  // Exact GELU, x·Φ(x), as PyTorch's default.
  gelu: (x) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.div(x, Math.SQRT2)))),
  tanh: (x) => tf.tanh(x),
};

/**
 * The forward pass as one stage per layer, each capturing its output (`layers.{i}`) after the
 * nonlinearity, or before it with `capture.options.pre_relu` (the default). The first stage takes
 * `inputs [batch, inputSize]` (or any shape with that many features per example).
 */
export function mlpStages(config: MlpConfig, capture?: CaptureRequest): ForwardStage[] {
  const wanted = new Set(capture?.keys ?? []);
  const preActivation = capture?.options?.pre_relu !== false;
  const widths = layerWidths(config);
  const known = widths.map((_, i) => name(MLP_ACTIVATION, { i }));
  const unknown = [...wanted].find((key) => !known.includes(key));
  if (unknown !== undefined) throw new FusionError('MISSING_ACTIVATION', `cannot capture '${unknown}': not a layer of this MLP; capturable: ${known.join(', ')}`);
  return widths.map((_, i): ForwardStage => {
    const key = name(MLP_ACTIVATION, { i });
    const weightName = name(MLP_WEIGHT, { i });
    const biasName = name(MLP_BIAS, { i });
    const last = i === widths.length - 1;
    return {
      id: key,
      params: config.bias ? [weightName, biasName] : [weightName],
      keys: wanted.has(key) ? [key] : [],
      run: (params, [input]) => {
        const x = i === 0 ? flatten(config, input) : input;
        const z = linearLayer(x as tf.Tensor2D, params[weightName], config.bias ? params[biasName] : undefined);
        const out = last ? z : ACTIVATIONS[config.activation](z);
        const activations = new Map<string, tf.Tensor2D>();
        if (wanted.has(key)) activations.set(key, (last || !preActivation ? out : z) as tf.Tensor2D);
        return { state: [out], activations };
      },
    };
  });
}

function flatten(config: MlpConfig, inputs: tf.Tensor): tf.Tensor {
  const x = inputs.reshape([inputs.shape[0], -1]);
  if (x.shape[1] !== config.inputSize) {
    throw new FusionError('SHAPE_MISMATCH', `inputs have ${x.shape[1]} features per example, the model expects ${config.inputSize}`);
  }
  return x;
}

/** Logits for `inputs`: `mlpStages` run in one go. */
export function mlpForward(config: MlpConfig, params: Params, inputs: tf.Tensor, capture?: CaptureRequest): ForwardResult {
  return runStages(mlpStages(config, capture), params, inputs);
}
