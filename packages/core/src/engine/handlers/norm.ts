import type * as tf from '@tensorflow/tfjs';
import type { NormNode } from '../../graph/nodes';
import { alignLastAxis } from '../align-tensors';
import type { AlignContext, Aligned } from './context';
import { mixtureVariance } from './running-statistics';

/**
 * Per-feature vectors follow the incoming map (`g·T_in`), which passes on unchanged; a running
 * variance becomes the variance of the mixture the map blends (see `mixtureVariance`).
 */
export function alignNorm(node: NormNode, ctx: AlignContext): Aligned {
  const map = ctx.inputMap(node.input);
  const params = new Map<string, tf.Tensor>();
  for (const name of node.params) {
    const raw = ctx.model.tensor(name);
    if (!map) {
      params.set(name, raw);
      continue;
    }
    const statistics = node.runningStatistics;
    if (statistics?.variance === name) {
      const mean = ctx.model.tensor(statistics.mean);
      params.set(name, mixtureVariance(mean, raw, map, name));
      mean.dispose();
    } else {
      params.set(name, alignLastAxis(raw, map, name));
    }
    raw.dispose();
  }
  return { params, map };
}
