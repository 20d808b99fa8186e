import type { Matrix } from '../problem';

export function rowSums(plan: Float64Array, n0: number, n1: number): Float64Array {
  const out = new Float64Array(n0);
  for (let i = 0; i < n0; i++) for (let j = 0; j < n1; j++) out[i] += plan[i * n1 + j];
  return out;
}

export function columnSums(plan: Float64Array, n0: number, n1: number): Float64Array {
  const out = new Float64Array(n1);
  for (let i = 0; i < n0; i++) for (let j = 0; j < n1; j++) out[j] += plan[i * n1 + j];
  return out;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

export function planCost(plan: Float64Array, cost: Matrix): number {
  let total = 0;
  for (let e = 0; e < plan.length; e++) total += plan[e] * cost[e];
  return total;
}

/** The northwest-corner rule: a feasible (rarely optimal) plan for any balanced marginals. */
export function northwestCornerPlan(mu: Float64Array, nu: Float64Array): Float64Array {
  const n0 = mu.length;
  const n1 = nu.length;
  const plan = new Float64Array(n0 * n1);
  const supply = Float64Array.from(mu);
  const demand = Float64Array.from(nu);
  let i = 0;
  let j = 0;
  while (i < n0 && j < n1) {
    const mass = Math.min(supply[i], demand[j]);
    plan[i * n1 + j] += mass;
    supply[i] -= mass;
    demand[j] -= mass;
    if (supply[i] <= demand[j] && i < n0 - 1) i++;
    else j++;
  }
  return plan;
}

/** Every permutation of 0..n-1 (Heap's algorithm); n! of them, so keep n small. */
export function* permutations(n: number): Generator<Int32Array> {
  const p = Int32Array.from({ length: n }, (_, i) => i);
  const c = new Int32Array(n);
  yield p;
  let i = 0;
  while (i < n) {
    if (c[i] < i) {
      const k = i % 2 === 0 ? 0 : c[i];
      [p[k], p[i]] = [p[i], p[k]];
      yield p;
      c[i]++;
      i = 0;
    } else {
      c[i] = 0;
      i++;
    }
  }
}

/** Smallest sum_i cost[i, sigma(i)] over all permutations sigma, by enumeration. */
export function bruteForceAssignmentCost(cost: Matrix, n: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (const p of permutations(n)) {
    let total = 0;
    for (let i = 0; i < n; i++) total += cost[i * n + p[i]];
    best = Math.min(best, total);
  }
  return best;
}
