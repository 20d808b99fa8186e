import * as tf from '@tensorflow/tfjs';
import {
  ActivationRecorder,
  CaptureRequest,
  ForwardResult,
  ForwardStage,
  Params,
  activate,
  checkCaptureKeys,
  checkParameters,
  checkPixelValues,
  positionRows,
  recordingStages,
  runStages,
} from '@otfuse/core';
import { BatchNormMode, EVAL_MODE } from '../layers/batch-norm';
import { globalAveragePool, linear, maxPool, toChannelsLast } from '../layers/conv';
import { convBatchNorm } from '../layers/conv-layer';
import { blockOutputKeys, resnetCaptureKeys, resnetStageKeys } from './capture-keys';
import { ResnetConfig } from './config';
import { ResnetBlockSpec, resnetBlocks, resnetStem, stageKeyOf } from './layout';
import { RESNET_CLASSIFIER, RESNET_CLASSIFIER_LINEAR, RESNET_EMBEDDER, RESNET_POOLER, RESNET_STEM_POOL, param } from './names';
import { resnetParameterShapes, resnetParameters } from './parameters';

/** A residual layer on NHWC `x`: `act(branch(x) + shortcut(x))`. */
function residualBlock(config: ResnetConfig, params: Params, block: ResnetBlockSpec, x: tf.Tensor4D, mode: BatchNormMode, record: ActivationRecorder, last: boolean): tf.Tensor4D {
  const residual = block.shortcut ? convBatchNorm(params, block.shortcut, x, mode, record) : x;
  const branch = block.layers.reduce((h, layer) => convBatchNorm(params, layer, h, mode, record), x);
  const out = activate(config.hiddenAct, tf.add(branch, residual)) as tf.Tensor4D;
  record.output(blockOutputKeys(block.module, stageKeyOf(block), last), out, positionRows);
  return out;
}

/**
 * HuggingFace `ResNetForImageClassification`'s forward pass as stages: the embedder (stem and
 * max pool), one stage per residual layer, the head (global average pool and `classifier.1`).
 * The first stage takes `pixelValues [batch, C, H, W]` (NCHW, as HuggingFace) and turns them
 * channels-last; the state between stages is NHWC; the last returns logits `[batch, labels]`.
 * Checkpoint tensors keep PyTorch's layout, transposed inside. BatchNorms use their running
 * statistics (eval mode) unless `mode` asks for batch statistics.
 */
export function resnetStages(config: ResnetConfig, capture?: CaptureRequest, mode: BatchNormMode = EVAL_MODE): ForwardStage[] {
  const wanted = new Set(capture?.keys ?? []);
  checkCaptureKeys(wanted, resnetCaptureKeys(config), 'a module of this ResNet');
  const table = resnetParameters(config);
  const keys = resnetStageKeys(config);
  const stage = recordingStages(wanted, () => new ActivationRecorder(wanted));
  const stem = resnetStem(config);
  const blocks = resnetBlocks(config);
  return [
    stage(RESNET_EMBEDDER, table.namesUnder([RESNET_EMBEDDER]), keys.embedder, (params, [pixels], record) => {
      checkPixelValues(pixels, config.numChannels);
      const embedded = convBatchNorm(params, stem, toChannelsLast(pixels as tf.Tensor4D), mode, record);
      const pooled = maxPool(embedded, 3, 2, 1);
      record.output([RESNET_STEM_POOL, RESNET_EMBEDDER], pooled, positionRows);
      return [pooled];
    }),
    ...blocks.map((block, i) =>
      stage(block.module, table.namesUnder([block.module]), keys.blocks[i], (params, [x], record) => [residualBlock(config, params, block, x as tf.Tensor4D, mode, record, i === blocks.length - 1)]),
    ),
    stage('head', table.namesUnder([RESNET_CLASSIFIER_LINEAR]), keys.head, (params, [x], record) => {
      const pooled = globalAveragePool(x as tf.Tensor4D);
      record.output([RESNET_POOLER], pooled);
      const logits = linear(pooled, params[param(RESNET_CLASSIFIER_LINEAR, 'weight')], params[param(RESNET_CLASSIFIER_LINEAR, 'bias')]);
      record.output([RESNET_CLASSIFIER], logits);
      return [logits];
    }),
  ];
}

/** The whole eval forward pass (`resnetStages` in one go); captured activations are the caller's. */
export function resnetForward(config: ResnetConfig, params: Params, pixelValues: tf.Tensor, capture?: CaptureRequest): ForwardResult {
  checkParameters(resnetParameterShapes(config), params);
  return runStages(resnetStages(config, capture), params, pixelValues);
}
