import * as tf from '@tensorflow/tfjs';
import { type GroundMetric, groundCost, groundCostFromGram, squaredRowNorms } from '@otfuse/ot';
import type { ParameterValues } from '@otfuse/extension';
import { crossGram } from './cross-gram';
import { hostScope } from './host-scope';
import type { GroundMetricOptions } from './options';

/**
 * The cost between two sets of neuron descriptions as fusion computes it: in float32 on
 * TensorFlow.js like the reference (torch.cdist's matmul route): rows scaled to unit norm first
 * when asked, then X·Yᵀ, from which the metric's inner-product form gives the cost. A metric
 * without one is computed by @otfuse/ot from the descriptions themselves.
 */
export function fusionGroundCost(
  metric: GroundMetric,
  metricParams: ParameterValues,
  options: GroundMetricOptions,
  x: Float32Array,
  y: Float32Array,
  shape: { n0: number; n1: number; dim: number },
  unitNormRows: boolean,
): Float32Array | Float64Array {
  const { n0, n1, dim } = shape;
  const finish = {
    metric,
    metricParams,
    normalize: options.norm,
    clip: options.clip ? { reg: options.reg, min: options.clipMin, max: options.clipMax } : undefined,
  };
  const [xs, ys] = unitNormRows ? [unitRows(x, n0, dim), unitRows(y, n1, dim)] : [x, y];
  if (metric.distancesFromGram === undefined) return groundCost(xs, ys, n0, n1, dim, finish);
  return groundCostFromGram(crossGram(xs, ys, n0, n1, dim), squaredRowNorms(xs, n0, dim), squaredRowNorms(ys, n1, dim), n0, n1, finish);
}

/** `v / (‖v‖ + 1e-9)` per row, in float32. */
function unitRows(values: Float32Array, rows: number, dim: number): Float32Array {
  return hostScope(() => {
    const m = tf.tensor2d(values, [rows, dim]);
    return tf.div(m, tf.add(tf.norm(m, 'euclidean', 1, true), 1e-9)).dataSync() as Float32Array;
  });
}
