import { Random } from '../__fixtures__/random';
import {
  bruteForceAssignmentCost,
  columnSums,
  maxAbsDiff,
  northwestCornerPlan,
  planCost,
  rowSums,
} from '../__fixtures__/plans';
import { uniform } from '../problem';
import { emd } from './emd';

/** Checks feasibility to 1e-12 and returns the plan's cost. */
function expectFeasible(plan: Float64Array, mu: Float64Array, nu: Float64Array): void {
  expect(plan.every((x) => x >= 0)).toBe(true);
  expect(maxAbsDiff(rowSums(plan, mu.length, nu.length), mu)).toBeLessThan(1e-12);
  expect(maxAbsDiff(columnSums(plan, mu.length, nu.length), nu)).toBeLessThan(1e-12);
}

describe('emd properties on random problems', () => {
  const rng = new Random(20240611);

  it('matches brute force over all permutations for n <= 7 (both solvers)', () => {
    for (let n = 1; n <= 7; n++) {
      for (let trial = 0; trial < 3; trial++) {
        const cost = rng.uniformArray(n * n);
        const best = bruteForceAssignmentCost(cost, n) / n;
        for (const algorithm of ['assignment', 'network-simplex'] as const) {
          const result = emd(uniform(n), uniform(n), cost, { algorithm });
          expect(result.cost).toBeCloseTo(best, 14);
          expectFeasible(result.plan, uniform(n), uniform(n));
        }
      }
    }
  });

  it('assignment and network simplex agree on square uniform problems of several sizes', () => {
    for (const n of [2, 5, 16, 33, 64, 150, 257]) {
      const cost = rng.uniformArray(n * n);
      const assignment = emd(uniform(n), uniform(n), cost, { algorithm: 'assignment' });
      const simplex = emd(uniform(n), uniform(n), cost, { algorithm: 'network-simplex' });
      expect(Math.abs(assignment.cost - simplex.cost)).toBeLessThanOrEqual(1e-12 * simplex.cost);
      expect(maxAbsDiff(assignment.plan, simplex.plan)).toBeLessThan(1e-15);
      expect(assignment.algorithm).toBe('assignment');
      expect(assignment.assignment).toHaveLength(n);
    }
  });

  it('assignment handles "hub" costs where one row is closest to every column', () => {
    const n = 120;
    const cost = rng.uniformArray(n * n, 0.5, 1);
    for (let j = 0; j < n; j++) cost[7 * n + j] = 0.01 * rng.next();
    const assignment = emd(uniform(n), uniform(n), cost, { algorithm: 'assignment' });
    const simplex = emd(uniform(n), uniform(n), cost, { algorithm: 'network-simplex' });
    expect(assignment.cost).toBeCloseTo(simplex.cost, 14);
  });

  it('is feasible and beats the northwest-corner plan and random permutations', () => {
    for (const [n0, n1] of [
      [9, 9],
      [13, 5],
      [5, 13],
      [40, 31],
      [64, 100],
    ]) {
      const mu = rng.masses(n0);
      const nu = rng.masses(n1);
      const cost = rng.uniformArray(n0 * n1);
      const result = emd(mu, nu, cost);
      expect(result.algorithm).toBe('network-simplex');
      expectFeasible(result.plan, mu, nu);
      expect(result.cost).toBeCloseTo(planCost(result.plan, cost), 14);
      expect(result.cost).toBeLessThanOrEqual(planCost(northwestCornerPlan(mu, nu), cost) + 1e-15);
    }
    for (const n of [6, 30, 90]) {
      const cost = rng.uniformArray(n * n);
      const { cost: optimum } = emd(uniform(n), uniform(n), cost);
      for (let trial = 0; trial < 20; trial++) {
        const p = rng.permutation(n);
        let total = 0;
        for (let i = 0; i < n; i++) total += cost[i * n + p[i]] / n;
        expect(optimum).toBeLessThanOrEqual(total + 1e-15);
      }
    }
  });

  it('equals the assignment of the expanded square problem for integer masses (rectangular, non-uniform)', () => {
    // Mass k/K at a point is the same as k copies of it with mass 1/K each.
    for (let trial = 0; trial < 6; trial++) {
      const n0 = 2 + rng.int(6);
      const n1 = 2 + rng.int(6);
      const rowCopies = Int32Array.from({ length: n0 }, () => 1 + rng.int(4));
      const colCopies = Int32Array.from({ length: n1 }, () => 1 + rng.int(4));
      // Balance the totals by adding copies to the lighter side.
      let diff = rowCopies.reduce((a, b) => a + b, 0) - colCopies.reduce((a, b) => a + b, 0);
      for (let k = 0; diff > 0; k++, diff--) colCopies[k % n1]++;
      for (let k = 0; diff < 0; k++, diff++) rowCopies[k % n0]++;
      const total = rowCopies.reduce((a, b) => a + b, 0);
      const cost = rng.uniformArray(n0 * n1);
      const mu = Float64Array.from(rowCopies, (k) => k / total);
      const nu = Float64Array.from(colCopies, (k) => k / total);
      const expandedRows = [...rowCopies].flatMap((k, i) => Array<number>(k).fill(i));
      const expandedCols = [...colCopies].flatMap((k, j) => Array<number>(k).fill(j));
      const expanded = new Float64Array(total * total);
      for (let a = 0; a < total; a++) {
        for (let b = 0; b < total; b++) expanded[a * total + b] = cost[expandedRows[a] * n1 + expandedCols[b]];
      }
      const reference = emd(uniform(total), uniform(total), expanded, { algorithm: 'assignment' });
      const result = emd(mu, nu, cost);
      expect(result.cost).toBeCloseTo(reference.cost, 14);
      expectFeasible(result.plan, mu, nu);
    }
  });

  it('handles zero masses, zero costs and exact ties', () => {
    const mu = Float64Array.from([0.5, 0, 0.5]);
    const nu = Float64Array.from([0.25, 0.25, 0.5, 0]);
    const cost = rng.uniformArray(12);
    const result = emd(mu, nu, cost);
    expectFeasible(result.plan, mu, nu);
    for (let j = 0; j < 4; j++) expect(result.plan[4 + j]).toBe(0);
    for (let i = 0; i < 3; i++) expect(result.plan[i * 4 + 3]).toBe(0);

    const zero = emd(uniform(4), uniform(6), new Float64Array(24));
    expect(zero.cost).toBe(0);
    expectFeasible(zero.plan, uniform(4), uniform(6));

    // Identical rows tie every assignment: any permutation is optimal.
    const n = 8;
    const tied = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) tied[i * n + j] = j / n;
    const expected = [...tied.subarray(0, n)].reduce((a, b) => a + b, 0) / n;
    for (const algorithm of ['assignment', 'network-simplex'] as const) {
      expect(emd(uniform(n), uniform(n), tied, { algorithm }).cost).toBeCloseTo(expected, 15);
    }
  });

  it('accepts float32 costs and marginals whose totals differ by round-off', () => {
    const n0 = 7;
    const n1 = 11;
    const cost = Float32Array.from(rng.uniformArray(n0 * n1));
    const mu = rng.masses(n0);
    const nu = rng.masses(n1, 1 + 1e-12);
    const result = emd(mu, nu, cost);
    expect(maxAbsDiff(rowSums(result.plan, n0, n1), mu)).toBeLessThan(1e-12);
    expect(maxAbsDiff(columnSums(result.plan, n0, n1), nu)).toBeLessThan(1e-11);
    expect(result.cost).toBeCloseTo(emd(mu, nu, Float64Array.from(cost)).cost, 15);
  });

  it('sends a permuted copy to itself', () => {
    const n = 50;
    const d = 6;
    const points = rng.uniformArray(n * d);
    const p = rng.permutation(n);
    const cost = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += (points[p[i] * d + k] - points[j * d + k]) ** 2;
        cost[i * n + j] = Math.sqrt(s);
      }
    }
    for (const algorithm of ['assignment', 'network-simplex'] as const) {
      const result = emd(uniform(n), uniform(n), cost, { algorithm });
      expect(result.cost).toBe(0);
      for (let i = 0; i < n; i++) expect(result.plan[i * n + p[i]]).toBe(1 / n);
    }
  });

  it('fails after maxPivots pivots', () => {
    const cost = rng.uniformArray(20 * 30);
    expect(() => emd(rng.masses(20), rng.masses(30), cost, { maxPivots: 3 })).toThrow(
      /network simplex: no optimum after 3 pivots \(maxPivots 3\) on a 20x30 problem/,
    );
  });
});
