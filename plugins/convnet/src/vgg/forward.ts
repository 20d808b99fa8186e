import * as tf from '@tensorflow/tfjs';
import {
  ActivationRecorder,
  CaptureRequest,
  ForwardResult,
  ForwardStage,
  Params,
  checkCaptureKeys,
  checkParameters,
  checkPixelValues,
  positionRows,
  recordingStages,
  runStages,
} from '@otfuse/core';
import { BatchNormMode, EVAL_MODE, batchNorm } from '../layers/batch-norm';
import { conv2d, linear, maxPool, toChannelsLast } from '../layers/conv';
import { VggConfig } from './config';
import { VGG_CLASSIFIER, VGG_FIRST_LINEAR, VggConvSpec, vggConvolutions, vggLinears } from './layout';
import { vggParameterShapes, vggParameters } from './parameters';

/** Every capturable module name, in execution order. */
export function vggCaptureKeys(config: VggConfig): string[] {
  const convs = vggConvolutions(config).flatMap((c) => [c.module, ...(c.batchNorm ? [c.batchNorm] : []), ...c.followers]);
  return [...convs, ...vggLinears(config).flatMap((l) => [l.module, ...(l.relu ? [l.relu] : [])]), VGG_CLASSIFIER];
}

/** Convolution, BatchNorm, ReLU and the pools that follow, on NHWC `x`. */
function convBlock(config: VggConfig, params: Params, spec: VggConvSpec, x: tf.Tensor4D, mode: BatchNormMode, record: ActivationRecorder): tf.Tensor4D {
  let y = conv2d(x, params[`${spec.module}.weight`], 1, 1);
  if (config.bias) y = tf.add(y, params[`${spec.module}.bias`]);
  record.output([spec.module], y, positionRows);
  if (spec.batchNorm) {
    y = batchNorm(params, spec.batchNorm, y, mode);
    record.output([spec.batchNorm], y, positionRows);
  }
  const [reluKey, ...poolKeys] = spec.followers;
  y = tf.relu(y);
  record.output([reluKey], y, positionRows);
  for (const key of poolKeys) {
    y = maxPool(y, 2, 2, 0);
    record.output([key], y, positionRows);
  }
  return y;
}

/**
 * The classifier on the NHWC feature map: flattened in PyTorch's `[C, H, W]` order (the first
 * weight is `[out, C, H, W]`, transposed here to the map's `[H, W, C]` order instead of moving
 * the activations), then linear layers with ReLU between them.
 */
function classifier(config: VggConfig, params: Params, x: tf.Tensor4D, record: ActivationRecorder): tf.Tensor2D {
  const batch = x.shape[0];
  let y = tf.reshape(x, [batch, -1]) as tf.Tensor2D;
  for (const spec of vggLinears(config)) {
    const stored = params[`${spec.module}.weight`];
    const weight = spec.module === VGG_FIRST_LINEAR ? tf.reshape(tf.transpose(stored, [0, 2, 3, 1]), [spec.outFeatures, -1]) : stored;
    y = linear(y, weight, params[`${spec.module}.bias`]);
    record.output([spec.module], y);
    if (spec.relu) {
      y = tf.relu(y);
      record.output([spec.relu], y);
    }
  }
  record.output([VGG_CLASSIFIER], y);
  return y;
}

/**
 * The eval forward pass as stages: one per convolution (with its BatchNorm, ReLU and the pools
 * after it), then `classifier`. Takes `pixelValues [batch, C, size, size]` (NCHW) and returns
 * logits `[batch, labels]`; captures are `[rows, channels]`, one row per position and sample.
 */
export function vggStages(config: VggConfig, capture?: CaptureRequest, mode: BatchNormMode = EVAL_MODE): ForwardStage[] {
  const wanted = new Set(capture?.keys ?? []);
  const allKeys = vggCaptureKeys(config);
  checkCaptureKeys(wanted, allKeys, 'a module of this VGG');
  const table = vggParameters(config);
  const stage = recordingStages(wanted, () => new ActivationRecorder(wanted));
  const convStages = vggConvolutions(config).map((spec, i) => {
    const modules = [spec.module, ...(spec.batchNorm ? [spec.batchNorm] : [])];
    return stage(spec.module, table.namesUnder(modules), [...modules, ...spec.followers], (params, [x], record) => [
      convBlock(config, params, spec, i === 0 ? channelsLast(config, x) : (x as tf.Tensor4D), mode, record),
    ]);
  });
  const linears = vggLinears(config).map((l) => l.module);
  const head = stage(VGG_CLASSIFIER, table.namesUnder(linears), allKeys.filter((k) => k.startsWith(VGG_CLASSIFIER)), (params, [x], record) => [classifier(config, params, x as tf.Tensor4D, record)]);
  return [...convStages, head];
}

function channelsLast(config: VggConfig, pixels: tf.Tensor): tf.Tensor4D {
  checkPixelValues(pixels, config.numChannels, config.imageSize);
  return toChannelsLast(pixels as tf.Tensor4D);
}

/** The whole eval forward pass (`vggStages` in one go). */
export function vggForward(config: VggConfig, params: Params, pixelValues: tf.Tensor, capture?: CaptureRequest): ForwardResult {
  checkParameters(vggParameterShapes(config), params);
  return runStages(vggStages(config, capture), params, pixelValues);
}
