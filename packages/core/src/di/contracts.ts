import type { GroundMetricOptions } from '../engine/options';

/** A typed parameter of a registered extension, so `otfuse list` and the docs come from code. */
export interface ParameterSpec {
  name: string;
  type: 'number' | 'boolean' | 'string';
  default?: number | boolean | string;
  description: string;
}

/** What every registered extension carries: a unique id, a one-line description, parameters. */
export interface Described {
  readonly id: string;
  readonly description: string;
  readonly parameters?: readonly ParameterSpec[];
}

export interface SolveRequest {
  /** Entropic regularisation, for solvers that use one. */
  reg: number;
  /** The layer has more outputs than inputs (for `sinkhorn_for_widening`). */
  widening: boolean;
}

/** An OT solver: marginals and a row-major `n0 × n1` cost in, the plan out. */
export interface OtSolverPlugin extends Described {
  solve(mu: Float64Array, nu: Float64Array, cost: Float32Array | Float64Array, request: SolveRequest): Float64Array;
}

export interface GroundMetricRequest extends GroundMetricOptions {
  /** Scale each description to unit norm first (weight mode with `wts.norm`). */
  unitRows: boolean;
}

/** A ground metric: descriptions of `n0` and `n1` items in `dim` dimensions → `n0 × n1` cost. */
export interface GroundMetricPlugin extends Described {
  cost(x: Float32Array, y: Float32Array, n0: number, n1: number, dim: number, request: GroundMetricRequest): Float32Array | Float64Array;
}

/** A data set factory, resolved by id from experiment files. */
export interface DatasetPlugin extends Described {
  create(params: Record<string, unknown>): unknown;
}
