import * as tf from '@tensorflow/tfjs';
import { FusionError, formatShape } from '@otfuse/core';
import { BATCH_NORM_TENSORS, batchNormParam } from './batch-norm';

/** Parameter shapes in `state_dict` order, built layer by layer. */
export class ShapeTable {
  readonly shapes = new Map<string, number[]>();

  /** A bias-free `nn.Conv2d`: `[out, in, k, k]`. */
  conv(module: string, outChannels: number, inChannels: number, kernel: number): void {
    this.shapes.set(`${module}.weight`, [outChannels, inChannels, kernel, kernel]);
  }

  /** `nn.BatchNorm2d`: four `[channels]` vectors and the `[]` batch counter. */
  batchNorm(module: string, channels: number): void {
    for (const tensor of BATCH_NORM_TENSORS) this.shapes.set(batchNormParam(module, tensor), tensor === 'num_batches_tracked' ? [] : [channels]);
  }

  linear(module: string, out: number, inp: number, bias = true): void {
    this.shapes.set(`${module}.weight`, [out, inp]);
    if (bias) this.shapes.set(`${module}.bias`, [out]);
  }
}

/** Throws BAD_WEIGHTS naming the first missing or mis-shaped parameter. */
export function checkParams(shapes: ReadonlyMap<string, readonly number[]>, params: Readonly<Record<string, tf.Tensor>>): void {
  for (const [key, expected] of shapes) {
    const found = params[key];
    if (!found) throw new FusionError('BAD_WEIGHTS', `missing parameter '${key}' (expected shape ${formatShape(expected)})`);
    if (found.shape.length !== expected.length || found.shape.some((d, i) => d !== expected[i])) {
      throw new FusionError('BAD_WEIGHTS', `parameter '${key}': expected shape ${formatShape(expected)}, got ${formatShape(found.shape)}`);
    }
  }
}
