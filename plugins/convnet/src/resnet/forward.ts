import * as tf from '@tensorflow/tfjs';
import { CaptureRequest, FusionError, ForwardResult, ForwardStage, Params, formatShape, runStages } from '@otfuse/core';
import { ActivationRecorder, checkCaptureKeys } from '../capture';
import { activate } from '../layers/activations';
import { BatchNormMode, EVAL_MODE } from '../layers/batch-norm';
import { globalAveragePool, linear, maxPool, toChannelsLast } from '../layers/conv';
import { convBatchNorm } from '../layers/conv-layer';
import { checkParams } from '../layers/parameters';
import { blockOutputKeys, resnetCaptureKeys, resnetStageKeys } from './capture-keys';
import { ResnetConfig } from './config';
import { ResnetBlockSpec, resnetBlocks, resnetStem, stageKeyOf } from './layout';
import { RESNET_CLASSIFIER, RESNET_CLASSIFIER_LINEAR, RESNET_EMBEDDER, RESNET_POOLER, RESNET_STEM_POOL, param } from './names';
import { resnetParameterShapes } from './parameters';

function checkPixels(config: ResnetConfig, pixels: tf.Tensor): void {
  if (pixels.rank !== 4 || pixels.shape[1] !== config.numChannels) {
    throw new FusionError('SHAPE_MISMATCH', `pixel values: expected [batch, ${config.numChannels}, height, width] (NCHW), got ${formatShape(pixels.shape)}`);
  }
}

/** A residual layer on NHWC `x`: `act(branch(x) + shortcut(x))`. */
function residualBlock(config: ResnetConfig, params: Params, block: ResnetBlockSpec, x: tf.Tensor4D, mode: BatchNormMode, record: ActivationRecorder, last: boolean): tf.Tensor4D {
  const residual = block.shortcut ? convBatchNorm(params, block.shortcut, x, mode, record) : x;
  const branch = block.layers.reduce((h, layer) => convBatchNorm(params, layer, h, mode, record), x);
  const out = activate(config.hiddenAct, tf.add(branch, residual)) as tf.Tensor4D;
  record.featureMap(blockOutputKeys(block.module, stageKeyOf(block), last), out);
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
  checkCaptureKeys(resnetCaptureKeys(config), [...wanted], 'ResNet');
  const names = [...resnetParameterShapes(config).keys()];
  const keys = resnetStageKeys(config);
  const stage = (id: string, prefix: string, stageKeys: readonly string[], run: (params: Params, x: tf.Tensor, record: ActivationRecorder) => tf.Tensor): ForwardStage => ({
    id,
    params: names.filter((n) => n.startsWith(prefix)),
    keys: stageKeys.filter((k) => wanted.has(k)),
    run: (params, [x]) => {
      const record = new ActivationRecorder(wanted);
      return { state: [run(params, x, record)], activations: record.activations };
    },
  });
  const stem = resnetStem(config);
  const blocks = resnetBlocks(config);
  return [
    stage(RESNET_EMBEDDER, `${RESNET_EMBEDDER}.`, keys.embedder, (params, pixels, record) => {
      checkPixels(config, pixels);
      const embedded = convBatchNorm(params, stem, toChannelsLast(pixels as tf.Tensor4D), mode, record);
      const pooled = maxPool(embedded, 3, 2, 1);
      record.featureMap([RESNET_STEM_POOL, RESNET_EMBEDDER], pooled);
      return pooled;
    }),
    ...blocks.map((block, i) =>
      stage(block.module, `${block.module}.`, keys.blocks[i], (params, x, record) => residualBlock(config, params, block, x as tf.Tensor4D, mode, record, i === blocks.length - 1)),
    ),
    stage('head', `${RESNET_CLASSIFIER_LINEAR}.`, keys.head, (params, x, record) => {
      const pooled = globalAveragePool(x as tf.Tensor4D);
      record.rows([RESNET_POOLER], pooled);
      const logits = linear(pooled, params[param(RESNET_CLASSIFIER_LINEAR, 'weight')], params[param(RESNET_CLASSIFIER_LINEAR, 'bias')]);
      record.rows([RESNET_CLASSIFIER], logits);
      return logits;
    }),
  ];
}

/** The whole eval forward pass (`resnetStages` in one go); captured activations are the caller's. */
export function resnetForward(config: ResnetConfig, params: Params, pixelValues: tf.Tensor, capture?: CaptureRequest): ForwardResult {
  checkParams(resnetParameterShapes(config), params);
  return runStages(resnetStages(config, capture), params, pixelValues);
}
