import * as tf from '@tensorflow/tfjs';
import { CaptureRequest, FusionError, ForwardResult, ForwardStage, Params, runStages } from '@otfuse/core';
import { ConvnetConfig } from './config';
import { CONVNET_HEAD, CONVNET_HIDDEN, CONVNET_PARAMS } from './graph';

const P = CONVNET_PARAMS;

/** `x·Wᵀ + b`, with an explicit transpose (matMul's transpose flags are slow on wasm). */
const dense = (x: tf.Tensor, weight: tf.Tensor, bias: tf.Tensor) => tf.add(tf.matMul(x, tf.transpose(weight)), bias);

/**
 * The forward pass as two stages: `hidden` (tanh, capturable) and `head` (the logits). The
 * first takes `inputs [batch, inputSize]` (or any shape with that many features per example).
 */
export function convnetStages(config: ConvnetConfig, capture?: CaptureRequest): ForwardStage[] {
  const wanted = new Set(capture?.keys ?? []);
  const known = [CONVNET_HIDDEN, CONVNET_HEAD];
  const unknown = [...wanted].find((key) => !known.includes(key));
  if (unknown !== undefined) throw new FusionError('MISSING_ACTIVATION', `cannot capture '${unknown}': not a layer of convnet; capturable: ${known.join(', ')}`);
  const record = (key: string, value: tf.Tensor) => new Map<string, tf.Tensor2D>(wanted.has(key) ? [[key, value as tf.Tensor2D]] : []);
  return [
    {
      id: CONVNET_HIDDEN,
      params: [P.hiddenWeight, P.hiddenBias],
      keys: wanted.has(CONVNET_HIDDEN) ? [CONVNET_HIDDEN] : [],
      run: (params, [inputs]) => {
        const x = inputs.reshape([inputs.shape[0], -1]);
        if (x.shape[1] !== config.inputSize) {
          throw new FusionError('SHAPE_MISMATCH', `inputs have ${x.shape[1]} features per example, convnet expects ${config.inputSize}`);
        }
        const hidden = tf.tanh(dense(x, params[P.hiddenWeight], params[P.hiddenBias]));
        return { state: [hidden], activations: record(CONVNET_HIDDEN, hidden) };
      },
    },
    {
      id: CONVNET_HEAD,
      params: [P.headWeight, P.headBias],
      keys: wanted.has(CONVNET_HEAD) ? [CONVNET_HEAD] : [],
      run: (params, [hidden]) => {
        const logits = dense(hidden, params[P.headWeight], params[P.headBias]);
        return { state: [logits], activations: record(CONVNET_HEAD, logits) };
      },
    },
  ];
}

/** Logits for `inputs`: the stages run in one go. */
export function convnetForward(config: ConvnetConfig, params: Params, inputs: tf.Tensor, capture?: CaptureRequest): ForwardResult {
  return runStages(convnetStages(config, capture), params, inputs);
}
