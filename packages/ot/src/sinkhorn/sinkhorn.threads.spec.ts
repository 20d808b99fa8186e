import { Random } from '../__fixtures__/random';
import { maxAbsDiff, rowSums } from '../__fixtures__/plans';
import { defaultThreads, startThreadsEarly } from '../parallel/chunk-runner';
import { WorkerPool } from '../parallel/worker-pool';
import { SOLVERS } from '../solvers';
import { uniform } from '../problem';
import { PARALLEL_MIN_ENTRIES } from './plain';
import { sinkhorn } from './sinkhorn';

describe('sinkhorn on several threads', () => {
  afterAll(() => WorkerPool.closeAll());

  const n0 = 331;
  const n1 = 257;
  const rng = new Random(5);
  const cost = Float32Array.from(rng.uniformArray(n0 * n1));

  it('is a problem large enough to be shared', () => {
    expect(n0 * n1).toBeGreaterThanOrEqual(PARALLEL_MIN_ENTRIES);
  });

  it.each([2, 3])('gives the same plan, bit for bit, on %i threads as on one', (threads) => {
    const mu = uniform(n0);
    const nu = uniform(n1);
    const alone = sinkhorn(mu, nu, cost, { reg: 0.05, threads: 1 });
    const shared = sinkhorn(mu, nu, cost, { reg: 0.05, threads });
    // The helpers really ran: a pool that cannot start would leave this thread alone.
    const pool = WorkerPool.shared(threads - 1);
    expect(pool?.helpers).toBe(threads - 1);
    // The job's arrays were shared ones, handed back for the next job; the plan is a plain copy.
    expect(pool?.scratch.freeBytes).toBeGreaterThanOrEqual(8 * n0 * n1);
    expect(Object.prototype.toString.call(shared.plan.buffer)).toBe('[object ArrayBuffer]');
    expect(shared.iterations).toBe(alone.iterations);
    expect(shared.error).toBe(alone.error);
    expect(maxAbsDiff(shared.plan, alone.plan)).toBe(0);
    expect(alone.converged).toBe(true);
    expect(maxAbsDiff(rowSums(shared.plan, n0, n1), mu)).toBeLessThan(1e-12);
  });

  it('reuses one solve\'s shared arrays for the next and leaves the first plan as it was', () => {
    const pool = WorkerPool.shared(1);
    const first = sinkhorn(uniform(n0), uniform(n1), cost, { reg: 0.05, threads: 2 });
    const kept = Float64Array.from(first.plan);
    const held = pool?.scratch.freeBytes;
    const other = Float32Array.from(cost, (c) => 1 - c);
    const second = sinkhorn(uniform(n0), uniform(n1), other, { reg: 0.05, threads: 2 });
    expect(maxAbsDiff(first.plan, kept)).toBe(0);
    expect(maxAbsDiff(second.plan, first.plan)).toBeGreaterThan(0);
    expect(pool?.scratch.freeBytes).toBe(held);
  });

  it('shares float64 kernels and plans of the initial scalings too', () => {
    const options = { reg: 0.05, kernelPrecision: 'float64', maxIter: 0 } as const;
    const alone = sinkhorn(uniform(n0), uniform(n1), cost, { ...options, threads: 1 });
    const shared = sinkhorn(uniform(n0), uniform(n1), cost, { ...options, threads: 2 });
    expect(maxAbsDiff(shared.plan, alone.plan)).toBe(0);
    expect(shared.plan[7]).toBeCloseTo(Math.exp(-cost[7] / 0.05) / (n0 * n1), 15);
  });

  it('solves on a pool started early, once its helpers have loaded, with the same plan', () => {
    WorkerPool.closeAll();
    startThreadsEarly(4);
    const early = WorkerPool.shared(3);
    expect(early?.helpers).toBe(3);
    const shared = sinkhorn(uniform(n0), uniform(n1), cost, { reg: 0.05, threads: 4 });
    // The solve ran on that pool: its arrays went back to the early pool's scratch.
    expect(WorkerPool.shared(3)).toBe(early);
    expect(early?.scratch.freeBytes).toBeGreaterThanOrEqual(8 * n0 * n1);
    const alone = sinkhorn(uniform(n0), uniform(n1), cost, { reg: 0.05, threads: 1 });
    expect(maxAbsDiff(shared.plan, alone.plan)).toBe(0);
  });

  it('has the sinkhorn solvers start their threads when prepared', () => {
    WorkerPool.closeAll();
    const { prepare } = SOLVERS.get('sinkhorn');
    expect(prepare).toBeDefined();
    prepare?.({ reg: 0.05 });
    const helpers = defaultThreads() - 1;
    if (helpers > 0) expect(WorkerPool.shared(helpers)?.helpers).toBe(helpers);
    expect(SOLVERS.get('emd').prepare).toBeUndefined();
  });

  it('rejects a thread count that is not a positive integer', () => {
    expect(() => sinkhorn(uniform(2), uniform(2), cost.subarray(0, 4), { reg: 0.1, threads: 0 })).toThrow(/'threads' must be an integer >= 1/);
  });
});
