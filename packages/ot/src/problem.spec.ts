import { emd } from './emd/emd';
import { expectOtError } from './__fixtures__/errors';
import { uniform } from './problem';
import { sinkhorn } from './sinkhorn/sinkhorn';

const solvers = {
  emd: (mu: Float64Array, nu: Float64Array, cost: Float64Array | Float32Array) => emd(mu, nu, cost),
  sinkhorn: (mu: Float64Array, nu: Float64Array, cost: Float64Array | Float32Array) => sinkhorn(mu, nu, cost, { reg: 0.1 }),
};

describe.each(Object.entries(solvers))('%s rejects bad problems', (name, solve) => {
  const cost = new Float64Array(6).fill(0.5);

  it('empty marginals', () => {
    expectOtError(() => solve(new Float64Array(0), uniform(3), new Float64Array(0)), 'OT_EMPTY_PROBLEM', `${name}: empty problem`, 'mu has 0 entries and nu has 3');
  });

  it('a cost of the wrong size, with both sizes', () => {
    expectOtError(() => solve(uniform(2), uniform(3), new Float64Array(5)), 'OT_SHAPE_MISMATCH', 'cost has 5 entries', 'expected n0*n1 = 2*3 = 6');
  });

  it('NaN, Infinity and negative costs, with the index', () => {
    const nan = Float64Array.from(cost);
    nan[4] = Number.NaN;
    expectOtError(() => solve(uniform(2), uniform(3), nan), 'OT_NON_FINITE_COST', 'cost[i=1, j=1] is NaN');
    const inf = Float32Array.from(cost);
    inf[2] = Number.POSITIVE_INFINITY;
    expectOtError(() => solve(uniform(2), uniform(3), inf), 'OT_NON_FINITE_COST', 'cost[i=0, j=2] is Infinity');
    const negative = Float64Array.from(cost);
    negative[3] = -0.25;
    expectOtError(() => solve(uniform(2), uniform(3), negative), 'OT_NEGATIVE_COST', 'cost[i=1, j=0] = -0.25 is negative');
  });

  it('negative or non-finite masses, with the index', () => {
    expectOtError(() => solve(Float64Array.from([1.5, -0.5]), uniform(3), cost), 'OT_NEGATIVE_MASS', 'mu[1] = -0.5 is negative');
    expectOtError(() => solve(uniform(2), Float64Array.from([0.5, Number.NaN, 0.5]), cost), 'OT_NON_FINITE_MASS', 'nu[1] is NaN');
  });

  it('marginals with different totals, giving both totals', () => {
    expectOtError(
      () => solve(Float64Array.from([0.5, 0.5]), Float64Array.from([0.5, 0.5, 0.5]), cost),
      'OT_MASS_MISMATCH',
      'mu sums to 1',
      'nu sums to 1.5',
    );
  });

  it('marginals without mass', () => {
    expectOtError(() => solve(new Float64Array(2), new Float64Array(3), cost), 'OT_EMPTY_PROBLEM', 'no mass');
  });
});

describe('option errors', () => {
  it('emd: unknown algorithm, and assignment where it does not apply', () => {
    const cost = new Float64Array(6);
    expectOtError(() => emd(uniform(2), uniform(3), cost, { algorithm: 'hungarian' as never }), 'OT_INVALID_OPTION', "unknown algorithm 'hungarian'", 'auto, network-simplex, assignment');
    expectOtError(() => emd(uniform(2), uniform(3), cost, { algorithm: 'assignment' }), 'OT_NOT_UNIFORM', 'got 2x3');
    expectOtError(() => emd(uniform(2), uniform(3), cost, { maxPivots: -1 }), 'OT_INVALID_OPTION', "'maxPivots' must be an integer >= 0, got -1");
    expectOtError(
      () => emd(Float64Array.from([0.25, 0.75]), uniform(2), new Float64Array(4), { algorithm: 'assignment' }),
      'OT_NOT_UNIFORM',
      'got 2x2 with non-uniform marginals',
    );
  });

  it('sinkhorn: reg, maxIter, tol, method and kernelPrecision are checked', () => {
    const args = [uniform(2), uniform(2), new Float64Array(4)] as const;
    expectOtError(() => sinkhorn(...args, { reg: 0 }), 'OT_INVALID_OPTION', "option 'reg' must be a finite number > 0, got 0");
    expectOtError(() => sinkhorn(...args, undefined as never), 'OT_INVALID_OPTION', "option 'reg' must be a finite number > 0, got undefined");
    expectOtError(() => sinkhorn(...args, { reg: 0.1, maxIter: 2.5 }), 'OT_INVALID_OPTION', "'maxIter' must be an integer >= 0, got 2.5");
    expectOtError(() => sinkhorn(...args, { reg: 0.1, tol: -1 }), 'OT_INVALID_OPTION', "'tol' must be a number >= 0, got -1");
    expectOtError(() => sinkhorn(...args, { reg: 0.1, method: 'greenkhorn' as never }), 'OT_INVALID_OPTION', "unknown method 'greenkhorn'", 'plain, log');
    expectOtError(() => sinkhorn(...args, { reg: 0.1, kernelPrecision: 'float16' as never }), 'OT_INVALID_OPTION', "unknown kernelPrecision 'float16'");
  });

  it('uniform: needs a positive integer', () => {
    expect(uniform(4)).toEqual(Float64Array.from([0.25, 0.25, 0.25, 0.25]));
    expectOtError(() => uniform(0), 'OT_EMPTY_PROBLEM', 'got 0');
    expectOtError(() => uniform(2.5), 'OT_EMPTY_PROBLEM', 'got 2.5');
  });
});
