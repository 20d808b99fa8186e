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
import { HfLlamaConfig } from './config';
import { HF_LLAMA_HEAD, HF_LLAMA_HIDDEN } from './graph';
import { hfLlamaParameterShapes, hfLlamaParameters } from './init';

/**
 * The forward pass as two stages: `hidden` (tanh, capturable) and `head` (the logits). The
 * first takes `inputs [batch, inputSize]` (or any shape with that many features per example).
 */
export function hfLlamaStages(config: HfLlamaConfig, capture?: CaptureRequest): ForwardStage[] {
  const wanted = new Set(capture?.keys ?? []);
  checkCaptureKeys(wanted, [HF_LLAMA_HIDDEN, HF_LLAMA_HEAD], 'a layer of hf-llama');
  const table = hfLlamaParameters(config);
  const stage = recordingStages(wanted, () => new ActivationRecorder(wanted));
  return [
    stage(HF_LLAMA_HIDDEN, table.namesUnder([HF_LLAMA_HIDDEN]), [HF_LLAMA_HIDDEN], (params, [inputs], record) => {
      const x = inputs.reshape([inputs.shape[0], -1]) as tf.Tensor2D;
      if (x.shape[1] !== config.inputSize) {
        throw new FusionError('SHAPE_MISMATCH', `inputs have ${x.shape[1]} features per example, hf-llama expects ${config.inputSize}`);
      }
      const hidden = tf.tanh(linearModule(params, HF_LLAMA_HIDDEN, x));
      record.output([HF_LLAMA_HIDDEN], hidden);
      return [hidden];
    }),
    stage(HF_LLAMA_HEAD, table.namesUnder([HF_LLAMA_HEAD]), [HF_LLAMA_HEAD], (params, [hidden], record) => {
      const logits = linearModule(params, HF_LLAMA_HEAD, hidden as tf.Tensor2D);
      record.output([HF_LLAMA_HEAD], logits);
      return [logits];
    }),
  ];
}

/** Logits for `inputs`: the stages run in one go. */
export function hfLlamaForward(config: HfLlamaConfig, params: Params, inputs: tf.Tensor, capture?: CaptureRequest): ForwardResult {
  checkParameters(hfLlamaParameterShapes(config), params);
  return runStages(hfLlamaStages(config, capture), params, inputs);
}
