import * as tf from '@tensorflow/tfjs';
import { BATCH_NORM_TENSORS, FusionError } from '@otfuse/core';

/** PyTorch's `nn.BatchNorm2d` default, which HuggingFace's convnets keep. */
export const BATCH_NORM_EPS = 1e-5;

/** A BatchNorm's tensors in `state_dict` order: γ, β, the running statistics, the batch counter (I64, shape `[]`). */
export { BATCH_NORM_TENSORS };
export type BatchNormTensor = (typeof BATCH_NORM_TENSORS)[number];

export const batchNormParam = (module: string, tensor: BatchNormTensor) => `${module}.${tensor}`;

/**
 * A batch's statistics per channel: the mean and the unbiased (n − 1) variance PyTorch stores.
 * They live in the BatchNorm's scope: `record` copies or keeps what it needs.
 */
export interface BatchStatistics {
  mean: tf.Tensor1D;
  variance: tf.Tensor1D;
}

/**
 * How every BatchNorm of a forward pass normalises: with its running statistics (eval mode),
 * or with the batch's own (train mode), handing those to `record` under the module's name with
 * the BatchNorm's parameters (whose running statistics training updates).
 */
export type BatchNormMode = { kind: 'running' } | { kind: 'batch'; record(module: string, statistics: BatchStatistics, params: Params): void };

export const EVAL_MODE: BatchNormMode = { kind: 'running' };

type Params = Readonly<Record<string, tf.Tensor>>;

/** `nn.BatchNorm2d` on NHWC `x`: `(x − μ) / √(σ² + ε) · γ + β`, per channel. */
export function batchNorm(params: Params, module: string, x: tf.Tensor4D, mode: BatchNormMode): tf.Tensor4D {
  return tf.tidy(() => {
    const p = (tensor: BatchNormTensor) => params[batchNormParam(module, tensor)];
    let mean = p('running_mean');
    let variance = p('running_var');
    if (mode.kind === 'batch') {
      // Train mode normalises with the biased variance and stores the unbiased one.
      ({ mean, variance } = tf.moments(x, [0, 1, 2]));
      const n = x.shape[0] * x.shape[1] * x.shape[2];
      if (n < 2) throw new FusionError('BAD_OPTION', `batch statistics need more than one value per channel, got ${n}`, [module]);
      mode.record(module, { mean: mean as tf.Tensor1D, variance: tf.mul(variance, n / (n - 1)) as tf.Tensor1D }, params);
    }
    const scale = tf.mul(tf.rsqrt(tf.add(variance, BATCH_NORM_EPS)), p('weight'));
    return tf.add(tf.mul(tf.sub(x, mean), scale), p('bias')) as tf.Tensor4D;
  });
}
