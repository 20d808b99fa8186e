import * as tf from '@tensorflow/tfjs';
import { FusionError, ForwardStage, HostTensor, ModelWeights, disposeAll, loadAll, runStage } from '@otfuse/core';
import { BatchNormMode, batchNormParam } from './layers/batch-norm';

interface HostStatistics {
  mean: Float32Array;
  variance: Float32Array;
}

/** A plugin's forward stages with every BatchNorm in the given mode. */
export type StagesInMode = (mode: BatchNormMode) => readonly ForwardStage[];

/**
 * Recomputes every BatchNorm's running statistics of a model on `inputs`, as PyTorch does
 * after `reset_running_stats()` with `momentum=None` and one train-mode pass over `inputs` as a
 * single batch: each BatchNorm normalises with the batch's statistics (so every later layer
 * sees what training would), and stores the batch mean, the unbiased variance and a batch
 * count of 1. Every other tensor is returned as it is, in the model's order. Stages run one at
 * a time over all inputs: memory holds one stage's activations of the whole set.
 */
export function resetBatchNormStatistics(stagesInMode: StagesInMode, weights: ModelWeights, inputs: tf.Tensor): Map<string, HostTensor> {
  const recorded = new Map<string, HostStatistics>();
  const mode: BatchNormMode = {
    kind: 'batch',
    record: (module, { mean, variance }) => {
      if (recorded.has(module)) throw new FusionError('GRAPH_INVALID', `BatchNorm '${module}' ran twice in one pass`);
      recorded.set(module, { mean: mean.dataSync() as Float32Array, variance: variance.dataSync() as Float32Array });
    },
  };
  let state: tf.Tensor[] = [inputs];
  for (const stage of stagesInMode(mode)) {
    const params = loadAll(weights, stage.params);
    try {
      const out = runStage(stage, params, state);
      out.activations.forEach((t) => t.dispose());
      if (state[0] !== inputs) state.forEach((t) => t.dispose());
      state = out.state;
    } finally {
      disposeAll(params);
    }
  }
  if (state[0] !== inputs) state.forEach((t) => t.dispose());
  return withStatistics(weights, recorded);
}

/** The model's tensors with each recorded BatchNorm's statistics in place; a BatchNorm that never ran is an error. */
function withStatistics(weights: ModelWeights, recorded: ReadonlyMap<string, HostStatistics>): Map<string, HostTensor> {
  const replaced = new Map<string, Float32Array>();
  for (const [module, { mean, variance }] of recorded) {
    replaced.set(batchNormParam(module, 'running_mean'), mean);
    replaced.set(batchNormParam(module, 'running_var'), variance);
    replaced.set(batchNormParam(module, 'num_batches_tracked'), Float32Array.of(1));
  }
  const names = weights.names();
  const missing = names.find((name) => name.endsWith('.running_mean') && !replaced.has(name));
  if (missing !== undefined) throw new FusionError('MISSING_ACTIVATION', `BatchNorm '${missing.slice(0, -'.running_mean'.length)}' did not run in the forward pass`);
  return new Map(
    names.map((name) => {
      const shape = [...weights.shape(name)];
      const data = replaced.get(name) ?? hostData(weights, name);
      if (data.length !== shape.reduce((a, b) => a * b, 1)) throw new FusionError('SHAPE_MISMATCH', `recomputed '${name}' has ${data.length} values for shape [${shape.join(', ')}]`);
      return [name, { shape, data }];
    }),
  );
}

function hostData(weights: ModelWeights, name: string): Float32Array {
  const t = weights.tensor(name);
  try {
    return (t.dataSync() as Float32Array).slice();
  } finally {
    t.dispose();
  }
}
