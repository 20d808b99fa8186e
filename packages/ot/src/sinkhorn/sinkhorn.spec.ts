import { Random } from '../__fixtures__/random';
import { columnSums, maxAbsDiff, planCost, rowSums } from '../__fixtures__/plans';
import { emd } from '../emd/emd';
import { uniform } from '../problem';
import { sinkhorn } from './sinkhorn';

function columnError(plan: Float64Array, nu: Float64Array, n0: number): number {
  return Math.hypot(...columnSums(plan, n0, nu.length).map((c, j) => c - nu[j]));
}

describe('sinkhorn properties on random problems', () => {
  const rng = new Random(77);
  const shapes: Array<[number, number]> = [
    [6, 6],
    [10, 4],
    [4, 10],
    [33, 50],
  ];

  it.each(shapes)('%i x %i: both methods meet the marginals to the tolerance and agree', (n0, n1) => {
    const mu = rng.masses(n0);
    const nu = rng.masses(n1);
    const cost = Float32Array.from(rng.uniformArray(n0 * n1));
    const plain = sinkhorn(mu, nu, cost, { reg: 0.1 });
    const log = sinkhorn(mu, nu, cost, { reg: 0.1, method: 'log' });
    for (const result of [plain, log]) {
      expect(result.converged).toBe(true);
      expect(result.stop).toBe('converged');
      expect(result.error).toBeLessThan(1e-9);
      expect(columnError(result.plan, nu, n0)).toBeLessThan(1e-9);
      expect(maxAbsDiff(rowSums(result.plan, n0, n1), mu)).toBeLessThan(1e-12);
      // Convergence is only tested on iterations 0, 10, 20, ...
      expect((result.iterations - 1) % 10).toBe(0);
    }
    expect(maxAbsDiff(plain.plan, log.plan)).toBeLessThan(1e-8);
  });

  it('approaches the exact optimum as reg shrinks (log domain)', () => {
    const n = 12;
    const cost = rng.uniformArray(n * n);
    const exact = emd(uniform(n), uniform(n), cost).cost;
    let previous = Number.POSITIVE_INFINITY;
    for (const reg of [0.5, 0.1, 0.03, 0.01]) {
      const result = sinkhorn(uniform(n), uniform(n), cost, { reg, method: 'log', maxIter: 5000 });
      const cost_ = planCost(result.plan, cost);
      expect(cost_).toBeGreaterThanOrEqual(exact - 1e-9);
      expect(cost_).toBeLessThan(previous);
      previous = cost_;
    }
    // Entropic plans cost at most reg * log(n0 n1) more than the exact optimum.
    expect(previous - exact).toBeLessThanOrEqual(0.01 * Math.log(n * n));
  });

  it('log domain stays finite at reg 1e-3 where the plain kernel underflows', () => {
    const n0 = 20;
    const n1 = 15;
    const cost = Float32Array.from(rng.uniformArray(n0 * n1, 0.3, 1));
    const plain = sinkhorn(uniform(n0), uniform(n1), cost, { reg: 1e-3 });
    expect(plain.stop).toBe('numerical-error');
    // 4001 iterations: the last one (index 4000) measures the error of the returned plan.
    const log = sinkhorn(uniform(n0), uniform(n1), cost, { reg: 1e-3, method: 'log', maxIter: 4001 });
    expect(log.plan.every((p) => Number.isFinite(p) && p >= 0)).toBe(true);
    expect(maxAbsDiff(rowSums(log.plan, n0, n1), uniform(n0))).toBeLessThan(1e-12);
    expect(log.error).toBeLessThan(1e-3);
    expect(columnError(log.plan, uniform(n1), n0)).toBeCloseTo(log.error, 12);
  });

  it('stops at maxIter, reporting the last measured error', () => {
    const n = 16;
    const cost = rng.uniformArray(n * n);
    const result = sinkhorn(uniform(n), uniform(n), cost, { reg: 0.01, maxIter: 25, tol: 0 });
    expect(result.iterations).toBe(25);
    expect(result.stop).toBe('max-iterations');
    expect(result.converged).toBe(false);
    // Last measured on iteration 20 (0-based), before the final four updates.
    expect(result.error).toBeGreaterThan(0);
  });

  it('with maxIter 0 returns the plan of the initial scalings', () => {
    const n0 = 3;
    const n1 = 5;
    const cost = Float32Array.from(rng.uniformArray(n0 * n1));
    const result = sinkhorn(uniform(n0), uniform(n1), cost, { reg: 0.5, maxIter: 0 });
    expect(result.iterations).toBe(0);
    expect(result.error).toBeNaN();
    for (let e = 0; e < n0 * n1; e++) {
      const expected = Math.exp(-cost[e] / 0.5) / (n0 * n1);
      // Float32 scalings and kernel: equal up to a few float32 roundings.
      expect(Math.abs(result.plan[e] - expected)).toBeLessThan(4e-7 * expected);
    }
  });

  it('float64 kernels differ from float32 ones only by float32 round-off', () => {
    const n = 10;
    const cost = rng.uniformArray(n * n);
    const single = sinkhorn(uniform(n), uniform(n), cost, { reg: 0.05 });
    const double = sinkhorn(uniform(n), uniform(n), cost, { reg: 0.05, kernelPrecision: 'float64' });
    expect(double.converged).toBe(true);
    const diff = maxAbsDiff(single.plan, double.plan);
    expect(diff).toBeGreaterThan(0);
    expect(diff).toBeLessThan(1e-7);
  });

  it('gives points without mass nothing (log domain)', () => {
    const mu = Float64Array.from([0.5, 0, 0.5]);
    const nu = Float64Array.from([0.3, 0.7]);
    const cost = rng.uniformArray(6);
    const result = sinkhorn(mu, nu, cost, { reg: 0.1, method: 'log' });
    expect(result.converged).toBe(true);
    expect(result.plan[2]).toBe(0);
    expect(result.plan[3]).toBe(0);
  });
});
