import type * as tf from '@tensorflow/tfjs';
import { type ParameterValues, resolveParameters } from '@otfuse/extension';
import type { GroundMetric, OtSolver } from '@otfuse/ot';
import { FusionError } from '../errors';
import type { HostProductTransposed } from './cross-gram';
import { fusionGroundCost } from './ground-cost';
import type { FusionOptions } from './options';
import type { TransportMap } from './transport-map';

/** Row-major descriptions of `count` neurons in `dim` dimensions. */
export interface NeuronDescriptions {
  count: number;
  dim: number;
  data: Float32Array;
  /** `‖row‖²` of each row in float64, when whoever wrote the rows summed them already. */
  squaredNorms?: Float64Array;
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

/**
 * The solver's parameters for this fusion: `solverParams`, with `sinkhornReg` as `reg` for a
 * solver that takes one and was not given it. Validated here, before any map is solved.
 */
export function solverParameters(solver: OtSolver, options: FusionOptions): ParameterValues {
  const takesReg = solver.parameters.some((p) => p.name === 'reg');
  const given = takesReg && options.solverParams.reg === undefined ? { ...options.solverParams, reg: options.sinkhornReg } : options.solverParams;
  return resolveParameters(`OT solver '${solver.id}'`, solver.parameters, given);
}

/** The ground metric's parameters for this fusion (`groundMetric.params`), validated. */
export function metricParameters(metric: GroundMetric, options: FusionOptions): ParameterValues {
  return resolveParameters(`ground metric '${metric.id}'`, metric.parameters, options.groundMetric.params);
}

export class MapSolver {
  private readonly solverParams: ParameterValues;
  private readonly metricParams: ParameterValues;

  constructor(
    private readonly solver: OtSolver,
    private readonly metric: GroundMetric,
    private readonly options: FusionOptions,
    /** X·Yᵀ of the ground cost outside the WebAssembly heap, when the caller has one. */
    private readonly hostProduct?: HostProductTransposed,
  ) {
    this.solverParams = solverParameters(solver, options);
    this.metricParams = metricParameters(metric, options);
    // Whatever the solver starts (helper threads) gets ready while activations are captured.
    solver.prepare?.(this.solverParams);
  }

  solve(model: NeuronDescriptions, anchor: NeuronDescriptions, request: MapRequest): SolvedMap {
    return this.solveCost(this.cost(model, anchor, request.label), model.count, anchor.count, request);
  }

  /** The ground cost between the two models' neurons (`n0 × n1`, float32, normalised as configured). */
  cost(model: NeuronDescriptions, anchor: NeuronDescriptions, label: string): Float32Array {
    if (model.dim !== anchor.dim) {
      throw new FusionError(
        'SHAPE_MISMATCH',
        `neurons are described in ${model.dim} dimensions in the aligned model but ${anchor.dim} in the anchor`,
        [label],
      );
    }
    const cost = fusionGroundCost(this.metric, this.metricParams, this.options.groundMetric, model, anchor, {
      // In weight mode with `wts.norm`, every description is scaled to unit norm, as in the reference.
      unitNormRows: this.options.mode === 'wts' && this.options.weightsNorm,
      hostProduct: this.hostProduct,
    });
    // The cost reaches the solver in float32, as in the reference implementation.
    return cost instanceof Float32Array ? cost : Float32Array.from(cost);
  }

  /** The map for a cost already computed (`n0 × n1`, float32): uniform marginals, then the `×n0` rescale. */
  solveCost(cost: Float32Array, n0: number, n1: number, request: MapRequest): SolvedMap {
    const mu = new Float64Array(n0).fill(1 / n0);
    const nu = new Float64Array(n1).fill(1 / n1);
    const { plan } = this.solver.solve(mu, nu, cost, this.solverParams, { widening: request.widening });
    const data = new Float32Array(n0 * n1);
    for (let i = 0; i < data.length; i++) data[i] = plan[i] * n0;
    return { map: { n0, n1, data }, cost };
  }
}
