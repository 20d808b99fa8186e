import * as tf from '@tensorflow/tfjs';
import { CaptureRequest, FusionError, ForwardResult, ForwardStage, Params, formatShape, runStages } from '@otfuse/core';
import { ActivationRecorder, checkCaptureKeys } from '../capture';
import { BatchNormMode, EVAL_MODE, batchNorm } from '../layers/batch-norm';
import { conv2d, linear, maxPool, toChannelsLast } from '../layers/conv';
import { checkParams } from '../layers/parameters';
import { VggConfig } from './config';
import { VGG_CLASSIFIER, VGG_FIRST_LINEAR, VggConvSpec, vggConvolutions, vggLinears } from './layout';
import { vggParameterShapes } from './parameters';

/** Every capturable module name, in execution order. */
export function vggCaptureKeys(config: VggConfig): string[] {
  const convs = vggConvolutions(config).flatMap((c) => [c.module, ...(c.batchNorm ? [c.batchNorm] : []), ...c.followers]);
  return [...convs, ...vggLinears(config).flatMap((l) => [l.module, ...(l.relu ? [l.relu] : [])]), VGG_CLASSIFIER];
}

/** Convolution, BatchNorm, ReLU and the pools that follow, on NHWC `x`. */
function convBlock(config: VggConfig, params: Params, spec: VggConvSpec, x: tf.Tensor4D, mode: BatchNormMode, record: ActivationRecorder): tf.Tensor4D {
  let y = conv2d(x, params[`${spec.module}.weight`], 1, 1);
  if (config.bias) y = tf.add(y, params[`${spec.module}.bias`]);
  record.featureMap([spec.module], y);
  if (spec.batchNorm) {
    y = batchNorm(params, spec.batchNorm, y, mode);
    record.featureMap([spec.batchNorm], y);
  }
  const [reluKey, ...poolKeys] = spec.followers;
  y = tf.relu(y);
  record.featureMap([reluKey], y);
  for (const key of poolKeys) {
    y = maxPool(y, 2, 2, 0);
    record.featureMap([key], y);
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
    record.rows([spec.module], y);
    if (spec.relu) {
      y = tf.relu(y);
      record.rows([spec.relu], y);
    }
  }
  record.rows([VGG_CLASSIFIER], y);
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
  checkCaptureKeys(allKeys, [...wanted], 'VGG');
  const names = [...vggParameterShapes(config).keys()];
  const owns = (modules: readonly string[]) => names.filter((n) => modules.includes(n.slice(0, n.lastIndexOf('.'))));
  const convs = vggConvolutions(config);
  const linears = vggLinears(config);
  const convStages = convs.map((spec, i): ForwardStage => {
    const keys = [spec.module, ...(spec.batchNorm ? [spec.batchNorm] : []), ...spec.followers];
    return {
      id: spec.module,
      params: owns([spec.module, ...(spec.batchNorm ? [spec.batchNorm] : [])]),
      keys: keys.filter((k) => wanted.has(k)),
      run: (params, [x]) => {
        const record = new ActivationRecorder(wanted);
        const input = i === 0 ? channelsLast(config, x) : (x as tf.Tensor4D);
        return { state: [convBlock(config, params, spec, input, mode, record)], activations: record.activations };
      },
    };
  });
  const head: ForwardStage = {
    id: VGG_CLASSIFIER,
    params: owns(linears.map((l) => l.module)),
    keys: allKeys.filter((k) => k.startsWith(`${VGG_CLASSIFIER}`) && wanted.has(k)),
    run: (params, [x]) => {
      const record = new ActivationRecorder(wanted);
      return { state: [classifier(config, params, x as tf.Tensor4D, record)], activations: record.activations };
    },
  };
  return [...convStages, head];
}

function channelsLast(config: VggConfig, pixels: tf.Tensor): tf.Tensor4D {
  const { numChannels: c, imageSize: s } = config;
  if (pixels.rank !== 4 || pixels.shape[1] !== c || pixels.shape[2] !== s || pixels.shape[3] !== s) {
    throw new FusionError('SHAPE_MISMATCH', `pixel values: expected [batch, ${c}, ${s}, ${s}] (NCHW), got ${formatShape(pixels.shape)}`);
  }
  return toChannelsLast(pixels as tf.Tensor4D);
}

/** The whole eval forward pass (`vggStages` in one go). */
export function vggForward(config: VggConfig, params: Params, pixelValues: tf.Tensor, capture?: CaptureRequest): ForwardResult {
  checkParams(vggParameterShapes(config), params);
  return runStages(vggStages(config, capture), params, pixelValues);
}
