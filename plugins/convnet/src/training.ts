import * as tf from '@tensorflow/tfjs';
import { FusionError, IntegerDtype, Params, TrainingForwardResult, disposeAll, runStages } from '@otfuse/core';
import type { StagesInMode } from './bn-reset';
import { isInt64Tensor } from './checkpoint';
import { BatchNormMode, batchNormParam } from './layers/batch-norm';

/** PyTorch's `nn.BatchNorm2d` default: each batch moves the running statistics by this fraction. */
export const BATCH_NORM_MOMENTUM = 0.1;

const BUFFER = /\.(running_mean|running_var|num_batches_tracked)$/;

/** The buffers among a model's tensors: every BatchNorm's running mean, running variance and batch counter. */
export function batchNormBuffers(names: Iterable<string>): string[] {
  return [...names].filter((name) => BUFFER.test(name));
}

/** The tensors a checkpoint stores as integers: every BatchNorm's batch counter, I64 as PyTorch keeps it. */
export function batchNormIntegerTensors(names: Iterable<string>): Map<string, IntegerDtype> {
  return new Map([...names].filter(isInt64Tensor).map((name) => [name, 'I64']));
}

/**
 * One forward pass in training mode, as PyTorch's after `model.train()`: every BatchNorm
 * normalises with the batch's mean and biased variance, and its buffers move on as
 * `running ← (1 − 0.1)·running + 0.1·batch` (mean, and unbiased variance), with the batch
 * counter one higher. Returns the logits (differentiable in `params`) and the buffers' new
 * values, which no scope disposes: they are the caller's. A BatchNorm in `params` that did not
 * run, or ran twice, is an error.
 */
export function batchNormTrainingForward(stagesInMode: StagesInMode, params: Params, inputs: tf.Tensor): TrainingForwardResult {
  const buffers = new Map<string, tf.Tensor>();
  const m = BATCH_NORM_MOMENTUM;
  const mode: BatchNormMode = {
    kind: 'batch',
    record: (module, { mean, variance }, p) => {
      const name = (tensor: 'running_mean' | 'running_var' | 'num_batches_tracked') => batchNormParam(module, tensor);
      if (buffers.has(name('running_mean'))) throw new FusionError('GRAPH_INVALID', `BatchNorm '${module}' ran twice in one pass`);
      const moved = (tensor: 'running_mean' | 'running_var', batch: tf.Tensor) => tf.add(tf.mul(p[name(tensor)], 1 - m), tf.mul(batch, m));
      buffers.set(name('running_mean'), tf.keep(moved('running_mean', mean)));
      buffers.set(name('running_var'), tf.keep(moved('running_var', variance)));
      buffers.set(name('num_batches_tracked'), tf.keep(tf.add(p[name('num_batches_tracked')], 1)));
    },
  };
  try {
    const { logits, activations } = runStages(stagesInMode(mode), params, inputs);
    activations.forEach((t) => t.dispose());
    const missing = Object.keys(params).find((n) => n.endsWith('.running_mean') && !buffers.has(n));
    if (missing !== undefined) {
      logits.dispose();
      throw new FusionError('MISSING_ACTIVATION', `BatchNorm '${missing.slice(0, -'.running_mean'.length)}' did not run in the training forward pass`);
    }
    return { logits, buffers };
  } catch (error) {
    disposeAll(Object.fromEntries(buffers));
    throw error;
  }
}
