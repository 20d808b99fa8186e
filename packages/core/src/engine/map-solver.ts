import type * as tf from '@tensorflow/tfjs';
import { FusionError } from '../errors';
import type { GroundMetricPlugin, OtSolverPlugin } from '../di/contracts';
import type { FusionOptions } from './options';
import type { TransportMap } from './transport-map';

/** Row-major descriptions of `count` neurons in `dim` dimensions. */
export interface NeuronDescriptions {
  count: number;
  dim: number;
  data: Float32Array;
}

/** The rows of a tensor `[count, ...]` as descriptions (flattened to `[count, dim]`). */
export function descriptionsOf(tensor: tf.Tensor): NeuronDescriptions {
  const [count, ...rest] = tensor.shape;
  const dim = rest.reduce((a, b) => a * b, 1);
  return { count, dim, data: tensor.dataSync() as Float32Array };
}

export interface MapRequest {
  label: string;
  /** The layer's map is larger than its incoming map (steers `sinkhorn_for_widening`). */
  widening: boolean;
}

/** Everything one map needs: the ground cost, the solver, and the `×n0` rescale. */
export interface SolvedMap {
  map: TransportMap;
  cost: Float32Array;
}

export class MapSolver {
  constructor(
    private readonly solver: OtSolverPlugin,
    private readonly metric: GroundMetricPlugin,
    private readonly options: FusionOptions,
  ) {}

  solve(model: NeuronDescriptions, anchor: NeuronDescriptions, request: MapRequest): SolvedMap {
    if (model.dim !== anchor.dim) {
      throw new FusionError(
        'SHAPE_MISMATCH',
        `neurons are described in ${model.dim} dimensions in the aligned model but ${anchor.dim} in the anchor`,
        [request.label],
      );
    }
    const n0 = model.count;
    const n1 = anchor.count;
    // The cost reaches the solver in float32, as in the reference implementation.
    const cost = Float32Array.from(
      this.metric.cost(model.data, anchor.data, n0, n1, model.dim, {
        ...this.options.groundMetric,
        // In weight mode with `wts.norm`, every description is scaled to unit norm, as in the reference.
        unitRows: this.options.mode === 'wts' && this.options.weightsNorm,
      }),
    );
    const mu = new Float64Array(n0).fill(1 / n0);
    const nu = new Float64Array(n1).fill(1 / n1);
    const plan = this.solver.solve(mu, nu, cost, { reg: this.options.sinkhornReg, widening: request.widening });
    const data = new Float32Array(n0 * n1);
    for (let i = 0; i < data.length; i++) data[i] = plan[i] * n0;
    return { map: { n0, n1, data }, cost };
  }
}
