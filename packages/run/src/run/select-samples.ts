import * as tf from '@tensorflow/tfjs';
import { ArchitecturePlugin, ModelWeights, disposeAll, loadAll } from '@otfuse/core';
import { Dataset } from '@otfuse/data';
import { batchTensors, crossEntropyPerExample } from '@otfuse/train';
import { ConfigError } from '../config/config-error';
import { SampleSelection } from '../config/experiment';

export interface ModelForward {
  config: unknown;
  weights: ModelWeights;
}

export interface SelectedSamples {
  /** `[count, ...inputShape]`; the caller disposes it. */
  inputs: tf.Tensor;
  /** Train-split positions used, in order. */
  indices: number[];
  requested: number;
  /** Examples looked at and left out by `loss_thres`. */
  rejectedByLoss: number;
}

export interface SelectSamplesArgs {
  train: Dataset;
  selection: SampleSelection;
  architecture: ArchitecturePlugin;
  models: readonly ModelForward[];
  batchSize: number;
  warn: (text: string) => void;
}

/**
 * The first `num_samples` train examples, in order, that pass the filters: `acts_filter_list`
 * (allowed positions) and `loss_thres` (cross-entropy at most the threshold in every model).
 * Fewer is a warning, none an error.
 */
export function selectSamples(args: SelectSamplesArgs): SelectedSamples {
  const { train, selection } = args;
  const limit = selection.allowList ? Math.min(selection.allowList.length, train.size) : train.size;
  const candidates: number[] = [];
  for (let i = 0; i < limit; i++) if (!selection.allowList || selection.allowList[i]) candidates.push(i);
  let indices = candidates.slice(0, selection.count);
  let rejectedByLoss = 0;
  if (selection.lossThreshold !== undefined) {
    const passed = passingLoss(args, candidates, selection.lossThreshold);
    indices = passed.indices;
    rejectedByLoss = passed.rejected;
    if (indices.length === 0) {
      throw new ConfigError('DATA_MISMATCH', `fusion.acts.loss_thres: none of the ${candidates.length} train examples has a loss ≤ ${selection.lossThreshold} in every model`);
    }
  }
  if (indices.length === 0) throw new ConfigError('DATA_MISMATCH', 'fusion.acts.acts_filter_list: it allows no train example');
  if (indices.length < selection.count) {
    const filtered = selection.lossThreshold !== undefined || selection.allowList ? ' that pass the filters' : '';
    args.warn(`fusion.acts.num_samples is ${selection.count} but only ${indices.length} train examples${filtered} exist; using ${indices.length}`);
  }
  const batch = train.get(indices);
  return { inputs: tf.tensor(batch.x, batch.shape, 'float32'), indices, requested: selection.count, rejectedByLoss };
}

/** Candidates whose loss is at most `threshold` in every model, until `count` are found. */
function passingLoss(args: SelectSamplesArgs, candidates: readonly number[], threshold: number): { indices: number[]; rejected: number } {
  const params = args.models.map((m) => loadAll(m.weights));
  const kept: number[] = [];
  let rejected = 0;
  try {
    for (let start = 0; start < candidates.length && kept.length < args.selection.count; start += args.batchSize) {
      const chunk = candidates.slice(start, start + args.batchSize);
      const batch = args.train.get(chunk);
      const worst = tf.tidy(() => {
        const { x, y } = batchTensors(batch, args.train.labelShape);
        const losses = args.models.map((m, i) => {
          const out = args.architecture.forward(m.config, params[i], x);
          out.activations.forEach((a) => a.dispose());
          return crossEntropyPerExample(out.logits, y);
        });
        return losses.reduce((a, b) => tf.maximum(a, b));
      });
      const values = worst.dataSync();
      worst.dispose();
      chunk.forEach((index, k) => {
        if (kept.length >= args.selection.count) return;
        if (values[k] <= threshold) kept.push(index);
        else rejected++;
      });
    }
  } finally {
    params.forEach(disposeAll);
  }
  return { indices: kept, rejected };
}
