import { goldenCases, loadGoldenProblem } from '../__fixtures__/golden';
import { columnSums, maxAbsDiff, planCost, rowSums } from '../__fixtures__/plans';
import { sinkhorn } from './sinkhorn';

describe('sinkhorn on the reference golden problems', () => {
  const cases = goldenCases();
  const runs = cases.flatMap((c) => c.sinkhorn_regs.map((reg) => [c.name, reg, c] as const));

  it('has golden plans for the underflowing case', () => {
    expect(runs.some(([name, reg]) => name === 'small-reg-64' && reg === 0.002)).toBe(true);
  });

  it.each(runs)('%s, reg %f: the plain method reproduces the reference plan', (_name, reg, goldenCase) => {
    const problem = loadGoldenProblem(goldenCase);
    const result = sinkhorn(problem.mu, problem.nu, problem.cost, { reg });
    const expected = problem.sinkhornPlans.get(reg) as Float64Array;
    expect(maxAbsDiff(result.plan, expected)).toBeLessThan(1e-7);
    // The float32 kernel follows the reference's own exp, so the agreement is far tighter.
    let largest = 0;
    for (const p of expected) largest = Math.max(largest, p);
    expect(maxAbsDiff(result.plan, expected)).toBeLessThanOrEqual(1e-14 * largest);
  });

  it('small-reg-64 at reg 0.002: plain underflows at the first iteration and keeps the initial scalings', () => {
    const problem = loadGoldenProblem(cases.find((c) => c.name === 'small-reg-64')!);
    const result = sinkhorn(problem.mu, problem.nu, problem.cost, { reg: 0.002 });
    expect(result.stop).toBe('numerical-error');
    expect(result.iterations).toBe(0);
    expect(result.converged).toBe(false);
    expect(result.error).toBeNaN();
  });

  it('small-reg-64 at reg 0.002: the log-domain method returns a proper plan', () => {
    const problem = loadGoldenProblem(cases.find((c) => c.name === 'small-reg-64')!);
    const [n0, n1] = problem.shape;
    const result = sinkhorn(problem.mu, problem.nu, problem.cost, { reg: 0.002, method: 'log' });
    expect(result.stop).not.toBe('numerical-error');
    expect(result.plan.every((p) => Number.isFinite(p) && p >= 0)).toBe(true);
    // Rows are exact after each u update; columns are off by the reported error, which is small.
    expect(maxAbsDiff(rowSums(result.plan, n0, n1), problem.mu)).toBeLessThan(1e-12);
    const colError = Math.hypot(...columnSums(result.plan, n0, n1).map((c, j) => c - problem.nu[j]));
    expect(colError).toBeLessThan(1e-4);
    // Near the exact optimum: entropic blur at this reg costs little.
    const cost = planCost(result.plan, problem.cost);
    expect(cost).toBeGreaterThanOrEqual(problem.emd_cost - 1e-4);
    expect(cost).toBeLessThan(problem.emd_cost * 1.001);
  });

  it.each(runs.filter(([, reg]) => reg >= 0.01))('%s, reg %f: the log-domain method agrees with the reference', (_name, reg, goldenCase) => {
    const problem = loadGoldenProblem(goldenCase);
    const result = sinkhorn(problem.mu, problem.nu, problem.cost, { reg, method: 'log' });
    expect(result.converged).toBe(true);
    expect(maxAbsDiff(result.plan, problem.sinkhornPlans.get(reg) as Float64Array)).toBeLessThan(1e-7);
  });
});
