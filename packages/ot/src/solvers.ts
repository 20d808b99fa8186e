import { emd, EMD_ALGORITHMS, type EmdAlgorithm } from './emd/emd';
import type { Matrix } from './problem';
import { type Extension, type ParameterSpec, type ParameterValues, Registry, extensionPoint, resolveParameters } from '@otfuse/extension';
import { KERNEL_PRECISIONS, SINKHORN_DEFAULTS, type KernelPrecision } from './sinkhorn/options';
import { sinkhorn } from './sinkhorn/sinkhorn';
import { defaultThreads, startThreadsEarly } from './parallel/chunk-runner';

/** What every registered solver returns. */
export interface SolverOutput {
  /** Plan, row-major n0 x n1. */
  plan: Float64Array;
  /** Transport cost sum_ij plan_ij * cost_ij. */
  cost: number;
}

/** What a caller knows about the problem beyond its numbers (fusion: the layer being aligned). */
export interface SolveContext {
  /** The layer's map is larger than its incoming map (steers `sinkhorn_for_widening`). */
  widening?: boolean;
}

export interface OtSolver extends Extension {
  /** Solves one problem; `params` are checked against `parameters` and completed with defaults. */
  solve(mu: Matrix, nu: Matrix, cost: Matrix, params?: Readonly<Record<string, unknown>>, context?: SolveContext): SolverOutput;
  /**
   * Optional: starts what later solves will need (e.g. helper threads) without waiting for it,
   * so that it gets ready while the caller prepares their costs.
   */
  prepare?(params?: Readonly<Record<string, unknown>>): void;
}

export interface SolverDefinition extends Extension {
  run(mu: Matrix, nu: Matrix, cost: Matrix, params: ParameterValues, context: SolveContext): SolverOutput;
  prepare?(params: ParameterValues): void;
}

/** Wraps a definition so that `solve` validates its parameters first. */
export function defineSolver(definition: SolverDefinition): OtSolver {
  const { run, prepare, ...described } = definition;
  const owner = `OT solver '${definition.id}'`;
  return {
    ...described,
    solve: (mu, nu, cost, params, context = {}) => run(mu, nu, cost, resolveParameters(owner, definition.parameters, params), context),
    ...(prepare ? { prepare: (params?: Readonly<Record<string, unknown>>) => prepare(resolveParameters(owner, definition.parameters, params)) } : {}),
  };
}

/** Where OT solvers are registered in a container (`register(container)` adds the built-ins). */
export const OT_SOLVER = extensionPoint<OtSolver>('OT solver');

/** sum_ij plan_ij * cost_ij */
export function transportCost(plan: Float64Array, cost: Matrix): number {
  let total = 0;
  for (let e = 0; e < plan.length; e++) total += plan[e] * cost[e];
  return total;
}

export const REG_PARAMETER: ParameterSpec = {
  name: 'reg',
  type: 'number',
  default: 0.08,
  minimum: 0,
  exclusiveMinimum: true,
  description: 'entropic regularisation (the reference configuration uses 0.08)',
};
const maxIterParameter: ParameterSpec = {
  name: 'max_iter',
  type: 'integer',
  default: SINKHORN_DEFAULTS.maxIter,
  minimum: 0,
  description: 'most scaling iterations',
};
const tolParameter: ParameterSpec = {
  name: 'tol',
  type: 'number',
  default: SINKHORN_DEFAULTS.tol,
  minimum: 0,
  description: 'stop once the L2 error of the column marginal is below this (checked every 10th iteration)',
};

const kernelPrecisionParameter: ParameterSpec = {
  name: 'kernel_precision',
  type: 'enum',
  values: KERNEL_PRECISIONS,
  default: SINKHORN_DEFAULTS.kernelPrecision,
  description: 'float32 reproduces the reference on a float32 cost; float64 computes the kernel in float64',
};

const emdSolver = defineSolver({
  id: 'emd',
  description: 'exact optimal transport: network simplex, or linear assignment for square uniform problems',
  parameters: [
    {
      name: 'algorithm',
      type: 'enum',
      values: EMD_ALGORITHMS,
      default: 'auto',
      description: 'auto picks assignment when n0 == n1 and both marginals are uniform',
    },
  ],
  run: (mu, nu, cost, params) => {
    const result = emd(mu, nu, cost, { algorithm: params.algorithm as EmdAlgorithm });
    return { plan: result.plan, cost: result.cost };
  },
});

/** Sinkhorn iterations with the given update (`plain`: as the reference library; `log`: log-domain). */
const sinkhornRun =
  (method: 'plain' | 'log'): SolverDefinition['run'] =>
  (mu, nu, cost, params) => {
    const { plan } = sinkhorn(mu, nu, cost, {
      reg: params.reg as number,
      maxIter: params.max_iter as number,
      tol: params.tol as number,
      method,
      ...(method === 'plain' ? { kernelPrecision: params.kernel_precision as KernelPrecision } : {}),
    });
    return { plan, cost: transportCost(plan, cost) };
  };

/** The plain Sinkhorn shares large problems among every core's thread: start those threads early. */
function startSinkhornThreads(): void {
  startThreadsEarly(defaultThreads());
}

const sinkhornSolver = defineSolver({
  id: 'sinkhorn',
  description: 'entropic optimal transport by Sinkhorn-Knopp scaling, iterating as the reference library does',
  reference: 'Cuturi, Sinkhorn Distances (NeurIPS 2013)',
  parameters: [REG_PARAMETER, maxIterParameter, tolParameter, kernelPrecisionParameter],
  run: sinkhornRun('plain'),
  prepare: startSinkhornThreads,
});

const sinkhornLogSolver = defineSolver({
  id: 'sinkhorn-log',
  description: 'entropic optimal transport with log-domain Sinkhorn updates, stable for very small reg',
  parameters: [REG_PARAMETER, maxIterParameter, tolParameter],
  run: sinkhornRun('log'),
});

/** The reference's per-layer choice: entropic where a layer widens (one-to-many), exact elsewhere. */
const sinkhornForWideningSolver = defineSolver({
  id: 'sinkhorn_for_widening',
  description: "Sinkhorn where a layer's map is larger than its incoming map, exact OT (automatic algorithm) elsewhere",
  parameters: sinkhornSolver.parameters,
  prepare: startSinkhornThreads,
  run: (mu, nu, cost, params, context) =>
    context.widening === true ? sinkhornSolver.solve(mu, nu, cost, params) : emdSolver.solve(mu, nu, cost),
});

/** The solvers this package provides, by id. */
export const SOLVERS = new Registry<OtSolver>('OT solver', [emdSolver, sinkhornSolver, sinkhornLogSolver, sinkhornForWideningSolver]);
