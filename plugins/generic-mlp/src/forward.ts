import * as tf from '@tensorflow/tfjs';
import { ActivationRecorder, CaptureRequest, FusionError, ForwardResult, ForwardStage, Params, activate, checkCaptureKeys, checkParameters, linearModule, name, recordingStages, runStages } from '@otfuse/core';
import { MlpConfig, layerWidths } from './config';
import { MLP_ACTIVATION } from './graph';
import { mlpParameterShapes, mlpParameters } from './init';

/**
 * The forward pass as one stage per layer, each capturing its output (`layers.{i}`) after the
 * nonlinearity, or before it with `capture.options.pre_relu` (the default). The first stage takes
 * `inputs [batch, inputSize]` (or any shape with that many features per example).
 */
export function mlpStages(config: MlpConfig, capture?: CaptureRequest): ForwardStage[] {
  const wanted = new Set(capture?.keys ?? []);
  const preActivation = capture?.options?.pre_relu !== false;
  const widths = layerWidths(config);
  const layers = widths.map((_, i) => name(MLP_ACTIVATION, { i }));
  checkCaptureKeys(wanted, layers, 'a layer of this MLP');
  const table = mlpParameters(config);
  const stage = recordingStages(wanted, () => new ActivationRecorder(wanted));
  return layers.map((layer, i) =>
    stage(layer, table.namesUnder([layer]), [layer], (params, [input], record) => {
      const z = linearModule(params, layer, (i === 0 ? flatten(config, input) : input) as tf.Tensor2D, config.bias);
      const last = i === widths.length - 1;
      const out = last ? z : activate(config.activation, z);
      record.output([layer], last || !preActivation ? out : z);
      return [out];
    }),
  );
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
  checkParameters(mlpParameterShapes(config), params);
  return runStages(mlpStages(config, capture), params, inputs);
}
