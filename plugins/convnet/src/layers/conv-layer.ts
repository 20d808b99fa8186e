import * as tf from '@tensorflow/tfjs';
import { ActivationRecorder, Params, positionRows } from '@otfuse/core';
import { activate, Activation } from './activations';
import { BatchNormMode, batchNorm } from './batch-norm';
import { conv2d } from './conv';

export interface ConvBatchNorm {
  module: string;
  stride: number;
  padding: number;
  activation: Activation | null;
}

/**
 * Convolution (`<module>.convolution`, no bias), BatchNorm (`<module>.normalization`), then the
 * activation, each output recorded under its module name; the module's own name is the output
 * after the activation.
 */
export function convBatchNorm(params: Params, spec: ConvBatchNorm, x: tf.Tensor4D, mode: BatchNormMode, record: ActivationRecorder): tf.Tensor4D {
  const convolution = `${spec.module}.convolution`;
  const normalization = `${spec.module}.normalization`;
  const convolved = conv2d(x, params[`${convolution}.weight`], spec.stride, spec.padding);
  record.output([convolution], convolved, positionRows);
  const normed = batchNorm(params, normalization, convolved, mode);
  record.output([normalization], normed, positionRows);
  const out = spec.activation ? (activate(spec.activation, normed) as tf.Tensor4D) : normed;
  record.output([spec.module], out, positionRows);
  return out;
}
