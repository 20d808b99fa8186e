import { OtError } from '../errors';
import { checkProblem, isConstant, type Matrix } from '../problem';
import { solveAssignment } from './assignment';
import { networkSimplex } from './network-simplex';

/**
 * `auto` picks the assignment solver when the problem is square with uniform marginals (an
 * optimal plan is then a permutation scaled by the mass of a point), else the network simplex.
 */
export type EmdAlgorithm = 'auto' | 'network-simplex' | 'assignment';

export const EMD_ALGORITHMS: readonly EmdAlgorithm[] = ['auto', 'network-simplex', 'assignment'];

export interface EmdOptions {
  /** Which exact solver to run (default `auto`). */
  algorithm?: EmdAlgorithm;
  /** Network simplex only: fail after this many pivots (default: no limit). */
  maxPivots?: number;
}

export interface EmdResult {
  /** Optimal plan, row-major n0 x n1: row sums mu, column sums nu. */
  plan: Float64Array;
  /** Transport cost sum_ij plan_ij * cost_ij. */
  cost: number;
  /** The solver that ran. */
  algorithm: Exclude<EmdAlgorithm, 'auto'>;
  /** Assignment solver only: the column each row is sent to. */
  assignment?: Int32Array;
  /** Network simplex only: number of pivots. */
  pivots?: number;
}

/** Exact optimal transport between `mu` (n0) and `nu` (n1) for a row-major n0 x n1 cost. */
export function emd(mu: Matrix, nu: Matrix, cost: Matrix, options: EmdOptions = {}): EmdResult {
  const algorithm = options.algorithm ?? 'auto';
  if (!EMD_ALGORITHMS.includes(algorithm)) {
    throw new OtError(
      'OT_INVALID_OPTION',
      `emd: unknown algorithm '${String(algorithm)}'; expected one of ${EMD_ALGORITHMS.join(', ')}`,
    );
  }
  const { maxPivots } = options;
  if (maxPivots !== undefined && !(Number.isInteger(maxPivots) && maxPivots >= 0)) {
    throw new OtError('OT_INVALID_OPTION', `emd: option 'maxPivots' must be an integer >= 0, got ${maxPivots}`);
  }
  const { n0, n1, totalMu, totalNu } = checkProblem('emd', mu, nu, cost);
  const assignmentFits = n0 === n1 && isConstant(mu) && isConstant(nu);
  if (algorithm === 'assignment' && !assignmentFits) {
    throw new OtError(
      'OT_NOT_UNIFORM',
      `emd: algorithm 'assignment' needs a square problem with uniform marginals; got ${n0}x${n1}` +
        (n0 === n1 ? ' with non-uniform marginals' : ''),
    );
  }
  const cost64 = cost instanceof Float64Array ? cost : Float64Array.from(cost);
  if (algorithm === 'assignment' || (algorithm === 'auto' && assignmentFits)) {
    return assignmentPlan(mu, cost64, n0);
  }
  const supply = Float64Array.from(mu);
  // Like the reference, scale nu so both totals agree to round-off before solving.
  const demand = Float64Array.from(nu);
  if (totalNu !== totalMu) {
    const scale = totalMu / totalNu;
    for (let j = 0; j < n1; j++) demand[j] *= scale;
  }
  const { plan, cost: total, pivots } = networkSimplex(supply, demand, cost64, { maxPivots });
  return { plan, cost: total, algorithm: 'network-simplex', pivots };
}

function assignmentPlan(mu: Matrix, cost: Float64Array, n: number): EmdResult {
  const { rowToColumn } = solveAssignment(cost, n);
  const plan = new Float64Array(n * n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const arc = i * n + rowToColumn[i];
    plan[arc] = mu[i];
    total += mu[i] * cost[arc];
  }
  return { plan, cost: total, algorithm: 'assignment', assignment: rowToColumn };
}
