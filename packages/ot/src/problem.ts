import { OtError } from './errors';

/** A dense row-major matrix of numbers as this package accepts it. */
export type Matrix = Float64Array | Float32Array;

/** The sizes and masses of a checked transport problem. */
export interface ProblemShape {
  /** Number of source points (rows of the cost). */
  n0: number;
  /** Number of target points (columns of the cost). */
  n1: number;
  totalMu: number;
  totalNu: number;
}

/** Relative tolerance on the difference between the totals of the two marginals. */
export const MASS_TOLERANCE = 1e-9;

/** `n` equal masses summing to one. */
export function uniform(n: number): Float64Array {
  if (!Number.isInteger(n) || n <= 0) {
    throw new OtError('OT_EMPTY_PROBLEM', `uniform: expected a positive integer size, got ${n}`);
  }
  return new Float64Array(n).fill(1 / n);
}

/**
 * Checks the marginals and the cost of a problem at the public boundary: non-empty, matching
 * sizes, finite non-negative masses with equal totals, finite non-negative costs.
 * `caller` prefixes every message (`emd: ...`).
 */
export function checkProblem(caller: string, mu: Matrix, nu: Matrix, cost: Matrix): ProblemShape {
  const n0 = mu.length;
  const n1 = nu.length;
  if (n0 === 0 || n1 === 0) {
    throw new OtError('OT_EMPTY_PROBLEM', `${caller}: empty problem: mu has ${n0} entries and nu has ${n1}`);
  }
  if (cost.length !== n0 * n1) {
    throw new OtError(
      'OT_SHAPE_MISMATCH',
      `${caller}: cost has ${cost.length} entries, expected n0*n1 = ${n0}*${n1} = ${n0 * n1}`,
    );
  }
  const totalMu = checkMasses(caller, 'mu', mu);
  const totalNu = checkMasses(caller, 'nu', nu);
  if (totalMu === 0) {
    throw new OtError('OT_EMPTY_PROBLEM', `${caller}: empty problem: the marginals carry no mass`);
  }
  if (Math.abs(totalMu - totalNu) > MASS_TOLERANCE * Math.max(totalMu, totalNu)) {
    throw new OtError(
      'OT_MASS_MISMATCH',
      `${caller}: marginals must have equal totals (relative tolerance ${MASS_TOLERANCE}): ` +
        `mu sums to ${totalMu}, nu sums to ${totalNu}`,
    );
  }
  checkCost(caller, cost, n1);
  return { n0, n1, totalMu, totalNu };
}

function checkMasses(caller: string, name: string, masses: Matrix): number {
  let total = 0;
  for (let i = 0; i < masses.length; i++) {
    const m = masses[i];
    if (!Number.isFinite(m)) {
      throw new OtError('OT_NON_FINITE_MASS', `${caller}: ${name}[${i}] is ${m}, expected a finite mass`);
    }
    if (m < 0) {
      throw new OtError('OT_NEGATIVE_MASS', `${caller}: ${name}[${i}] = ${m} is negative`);
    }
    total += m;
  }
  return total;
}

function checkCost(caller: string, cost: Matrix, n1: number): void {
  for (let e = 0; e < cost.length; e++) {
    const c = cost[e];
    // One comparison covers the common case; NaN fails it too.
    if (c >= 0 && c < Infinity) continue;
    const at = `cost[i=${Math.floor(e / n1)}, j=${e % n1}]`;
    if (c < 0) {
      throw new OtError('OT_NEGATIVE_COST', `${caller}: ${at} = ${c} is negative, expected a cost >= 0`);
    }
    throw new OtError('OT_NON_FINITE_COST', `${caller}: ${at} is ${c}, expected a finite cost`);
  }
}

/** True when every entry equals the first one. */
export function isConstant(values: Matrix): boolean {
  const first = values[0];
  for (let i = 1; i < values.length; i++) {
    if (values[i] !== first) return false;
  }
  return true;
}
