import { goldenCases, loadGoldenProblem } from '../__fixtures__/golden';
import { maxAbsDiff } from '../__fixtures__/plans';
import { emd } from './emd';

describe('emd on the reference golden problems', () => {
  const cases = goldenCases();

  it('covers every golden problem', () => {
    expect(cases.map((c) => c.name)).toEqual(
      expect.arrayContaining(['square-8', 'rect-12x7', 'rect-7x12', 'nonuniform-10x6', 'square-96', 'rect-128x96', 'small-reg-64']),
    );
  });

  describe.each(cases.map((c) => [c.name, c] as const))('%s', (_name, goldenCase) => {
    const problem = loadGoldenProblem(goldenCase);

    it.each(['auto', 'network-simplex'] as const)('algorithm %s gives the reference cost and plan', (algorithm) => {
      const result = emd(problem.mu, problem.nu, problem.cost, { algorithm });
      expect(Math.abs(result.cost - goldenCase.emd_cost)).toBeLessThanOrEqual(1e-9 * goldenCase.emd_cost);
      expect(maxAbsDiff(result.plan, problem.emdPlan)).toBeLessThan(1e-12);
    });
  });

  it('uses the assignment path exactly where it applies', () => {
    for (const goldenCase of cases) {
      const problem = loadGoldenProblem(goldenCase);
      const [n0, n1] = goldenCase.shape;
      const uniform = problem.mu.every((m) => m === problem.mu[0]) && problem.nu.every((m) => m === problem.nu[0]);
      const expected = n0 === n1 && uniform ? 'assignment' : 'network-simplex';
      expect(emd(problem.mu, problem.nu, problem.cost).algorithm).toBe(expected);
    }
  });
});
