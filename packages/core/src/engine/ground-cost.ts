import * as tf from '@tensorflow/tfjs';
import { type GroundMetric, groundCost, groundCostFromGram, squaredRowNorms } from '@otfuse/ot';
import type { ParameterValues } from '@otfuse/extension';
import { type HostProductTransposed, crossGram } from './cross-gram';
import { hostScope } from './host-scope';
import type { NeuronDescriptions } from './map-solver';
import type { GroundMetricOptions } from './options';

export interface GroundCostRoute {
  /** Scale every description to unit norm first (weight mode with `wts.norm`). */
  unitNormRows: boolean;
  /** Computes X·Yᵀ outside the WebAssembly heap; without it, TensorFlow.js does. */
  hostProduct?: HostProductTransposed;
}

/**
 * The cost between two sets of neuron descriptions as fusion computes it: in float32 like the
 * reference (torch.cdist's matmul route): rows scaled to unit norm first when asked, then X·Yᵀ,
 * from which the metric's inner-product form gives the cost, with the squared row norms the
 * descriptions carry (else summed here). A metric without that form is computed by @otfuse/ot
 * from the descriptions themselves.
 */
export function fusionGroundCost(
  metric: GroundMetric,
  metricParams: ParameterValues,
  options: GroundMetricOptions,
  model: NeuronDescriptions,
  anchor: NeuronDescriptions,
  route: GroundCostRoute,
): Float32Array | Float64Array {
  const { count: n0, dim } = model;
  const n1 = anchor.count;
  const finish = {
    metric,
    metricParams,
    normalize: options.norm,
    clip: options.clip ? { reg: options.reg, min: options.clipMin, max: options.clipMax } : undefined,
  };
  const [x, y] = route.unitNormRows ? [unitRows(model), unitRows(anchor)] : [model, anchor];
  if (metric.distancesFromGram === undefined) return groundCost(x.data, y.data, n0, n1, dim, finish);
  return groundCostFromGram(crossGram(x.data, y.data, n0, n1, dim, route.hostProduct), squaredNormsOf(x), squaredNormsOf(y), n0, n1, finish);
}

function squaredNormsOf(d: NeuronDescriptions): Float64Array {
  return d.squaredNorms ?? squaredRowNorms(d.data, d.count, d.dim);
}

/** `v / (‖v‖ + 1e-9)` per row, in float32 (new rows: their norms are summed again). */
function unitRows({ data, count, dim }: NeuronDescriptions): NeuronDescriptions {
  return hostScope(() => {
    const m = tf.tensor2d(data, [count, dim]);
    return { count, dim, data: tf.div(m, tf.add(tf.norm(m, 'euclidean', 1, true), 1e-9)).dataSync() as Float32Array };
  });
}
