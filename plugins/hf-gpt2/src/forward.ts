import * as tf from '@tensorflow/tfjs';
import {
  ActivationRecorder,
  CaptureRequest,
  FusionError,
  ForwardResult,
  ForwardStage,
  Params,
  checkCaptureKeys,
  checkParameters,
  linearModule,
  recordingStages,
  runStages,
} from '@otfuse/core';
import { HfGpt2Config } from './config';
import { HF_GPT2_HEAD, HF_GPT2_HIDDEN } from './graph';
import { hfGpt2ParameterShapes, hfGpt2Parameters } from './init';

/**
 * The forward pass as two stages: `hidden` (tanh, capturable) and `head` (the logits). The
 * first takes `inputs [batch, inputSize]` (or any shape with that many features per example).
 */
export function hfGpt2Stages(config: HfGpt2Config, capture?: CaptureRequest): ForwardStage[] {
  const wanted = new Set(capture?.keys ?? []);
  checkCaptureKeys(wanted, [HF_GPT2_HIDDEN, HF_GPT2_HEAD], 'a layer of hf-gpt2');
  const table = hfGpt2Parameters(config);
  const stage = recordingStages(wanted, () => new ActivationRecorder(wanted));
  return [
    stage(HF_GPT2_HIDDEN, table.namesUnder([HF_GPT2_HIDDEN]), [HF_GPT2_HIDDEN], (params, [inputs], record) => {
      const x = inputs.reshape([inputs.shape[0], -1]) as tf.Tensor2D;
      if (x.shape[1] !== config.inputSize) {
        throw new FusionError('SHAPE_MISMATCH', `inputs have ${x.shape[1]} features per example, hf-gpt2 expects ${config.inputSize}`);
      }
      const hidden = tf.tanh(linearModule(params, HF_GPT2_HIDDEN, x));
      record.output([HF_GPT2_HIDDEN], hidden);
      return [hidden];
    }),
    stage(HF_GPT2_HEAD, table.namesUnder([HF_GPT2_HEAD]), [HF_GPT2_HEAD], (params, [hidden], record) => {
      const logits = linearModule(params, HF_GPT2_HEAD, hidden as tf.Tensor2D);
      record.output([HF_GPT2_HEAD], logits);
      return [logits];
    }),
  ];
}

/** Logits for `inputs`: the stages run in one go. */
export function hfGpt2Forward(config: HfGpt2Config, params: Params, inputs: tf.Tensor, capture?: CaptureRequest): ForwardResult {
  checkParameters(hfGpt2ParameterShapes(config), params);
  return runStages(hfGpt2Stages(config, capture), params, inputs);
}
