import { emd, EMD_ALGORITHMS, type EmdAlgorithm } from './emd/emd';
import type { Matrix } from './problem';
import { resolveParameters, type ParameterSpec, type ParameterValues, type Registered } from './registry/parameters';
import { Registry } from './registry/registry';
import { KERNEL_PRECISIONS, SINKHORN_DEFAULTS, type KernelPrecision } from './sinkhorn/options';
import { sinkhorn } from './sinkhorn/sinkhorn';

/** What every registered solver returns. */
export interface SolverOutput {
  /** Plan, row-major n0 x n1. */
  plan: Float64Array;
  /** Transport cost sum_ij plan_ij * cost_ij. */
  cost: number;
}

export interface OtSolver extends Registered {
  /** Solves one problem; `params` are checked against `parameters` and completed with defaults. */
  solve(mu: Matrix, nu: Matrix, cost: Matrix, params?: Readonly<Record<string, unknown>>): SolverOutput;
}

export interface SolverDefinition extends Registered {
  run(mu: Matrix, nu: Matrix, cost: Matrix, params: ParameterValues): SolverOutput;
}

/** Wraps a definition so that `solve` validates its parameters first. */
export function defineSolver(definition: SolverDefinition): OtSolver {
  const { name, description, parameters, run } = definition;
  const solver: OtSolver = {
    name,
    description,
    parameters,
    solve: (mu, nu, cost, params) => run(mu, nu, cost, resolveParameters(solver, 'Solver', params)),
  };
  return solver;
}

const solvers = new Registry<OtSolver>('Solver');

export function registerSolver(solver: OtSolver): void {
  solvers.register(solver);
}

export function getSolver(name: string): OtSolver {
  return solvers.get(name);
}

export function listSolvers(): OtSolver[] {
  return solvers.list();
}

/** sum_ij plan_ij * cost_ij */
export function transportCost(plan: Float64Array, cost: Matrix): number {
  let total = 0;
  for (let e = 0; e < plan.length; e++) total += plan[e] * cost[e];
  return total;
}

const regParameter: ParameterSpec = {
  name: 'reg',
  type: 'number',
  default: 0.08,
  minimum: 0,
  exclusiveMinimum: true,
  description: 'entropic regularisation (the reference configuration uses 0.08)',
};
const maxIterParameter: ParameterSpec = {
  name: 'maxIter',
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

registerSolver(
  defineSolver({
    name: 'emd',
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
  }),
);

registerSolver(
  defineSolver({
    name: 'sinkhorn',
    description: 'entropic optimal transport by Sinkhorn-Knopp scaling, iterating as the reference library does',
    parameters: [
      regParameter,
      maxIterParameter,
      tolParameter,
      {
        name: 'kernelPrecision',
        type: 'enum',
        values: KERNEL_PRECISIONS,
        default: SINKHORN_DEFAULTS.kernelPrecision,
        description: 'float32 reproduces the reference on a float32 cost; float64 computes the kernel in float64',
      },
    ],
    run: (mu, nu, cost, params) => {
      const { plan } = sinkhorn(mu, nu, cost, {
        reg: params.reg as number,
        maxIter: params.maxIter as number,
        tol: params.tol as number,
        method: 'plain',
        kernelPrecision: params.kernelPrecision as KernelPrecision,
      });
      return { plan, cost: transportCost(plan, cost) };
    },
  }),
);

registerSolver(
  defineSolver({
    name: 'sinkhorn-log',
    description: 'entropic optimal transport with log-domain Sinkhorn updates, stable for very small reg',
    parameters: [regParameter, maxIterParameter, tolParameter],
    run: (mu, nu, cost, params) => {
      const { plan } = sinkhorn(mu, nu, cost, {
        reg: params.reg as number,
        maxIter: params.maxIter as number,
        tol: params.tol as number,
        method: 'log',
      });
      return { plan, cost: transportCost(plan, cost) };
    },
  }),
);
