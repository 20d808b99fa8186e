import { ExtensionError } from '@otfuse/extension';
import { uniform } from './problem';
import { GROUND_METRICS } from './metrics/ground-metrics';
import { SOLVERS } from './solvers';
import { emd } from './emd/emd';
import { sinkhorn } from './sinkhorn/sinkhorn';

function expectParameterError(fn: () => unknown, message: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ExtensionError);
  expect((caught as ExtensionError).code).toBe('INVALID_PARAMETER');
  expect((caught as ExtensionError).message).toBe(message);
}

describe('built-in solvers', () => {
  const cost = Float64Array.from([0.1, 0.9, 0.8, 0.2, 0.5, 0.4]);
  const mu = uniform(2);
  const nu = uniform(3);

  it('are emd, sinkhorn, sinkhorn-log and sinkhorn_for_widening, each described with documented parameters', () => {
    expect(SOLVERS.ids()).toEqual(['emd', 'sinkhorn', 'sinkhorn-log', 'sinkhorn_for_widening']);
    for (const solver of SOLVERS.list()) {
      expect(solver.description.length).toBeGreaterThan(10);
      for (const p of solver.parameters) expect(p.description.length).toBeGreaterThan(5);
    }
    expect(SOLVERS.get('sinkhorn').parameters.map((p) => p.name)).toEqual(['reg', 'max_iter', 'tol', 'kernel_precision']);
  });

  it('run with their defaults and with given parameters', () => {
    expect(SOLVERS.get('emd').solve(mu, nu, cost)).toEqual({ plan: emd(mu, nu, cost).plan, cost: emd(mu, nu, cost).cost });
    expect(SOLVERS.get('sinkhorn').solve(mu, nu, cost).plan).toEqual(sinkhorn(mu, nu, cost, { reg: 0.08 }).plan);
    const log = SOLVERS.get('sinkhorn-log').solve(mu, nu, cost, { reg: 0.5, max_iter: 50 });
    expect(log.plan).toEqual(sinkhorn(mu, nu, cost, { reg: 0.5, maxIter: 50, method: 'log' }).plan);
    let expectedCost = 0;
    for (let e = 0; e < cost.length; e++) expectedCost += log.plan[e] * cost[e];
    expect(log.cost).toBe(expectedCost);
    const capped = SOLVERS.get('sinkhorn').solve(mu, nu, cost, { reg: 0.05, max_iter: 3, tol: 0 });
    expect(capped.plan).toEqual(sinkhorn(mu, nu, cost, { reg: 0.05, maxIter: 3, tol: 0 }).plan);
    expect(capped.plan).not.toEqual(sinkhorn(mu, nu, cost, { reg: 0.05 }).plan);
  });

  it('sinkhorn_for_widening: Sinkhorn with its parameters where the layer widens, exact OT elsewhere', () => {
    const widening = SOLVERS.get('sinkhorn_for_widening');
    expect(widening.solve(mu, nu, cost, { reg: 0.3 }, { widening: true }).plan).toEqual(sinkhorn(mu, nu, cost, { reg: 0.3 }).plan);
    expect(widening.solve(mu, nu, cost, { reg: 0.3 }, { widening: false }).plan).toEqual(emd(mu, nu, cost).plan);
    expect(widening.solve(mu, nu, cost).plan).toEqual(emd(mu, nu, cost).plan);
  });

  it('validate parameters: unknown names, types, enums, integers and bounds', () => {
    const sk = SOLVERS.get('sinkhorn');
    expectParameterError(() => sk.solve(mu, nu, cost, { regg: 1 }), "OT solver 'sinkhorn': unknown parameter 'regg'; its parameters: reg, max_iter, tol, kernel_precision");
    expectParameterError(() => sk.solve(mu, nu, cost, { reg: '0.1' }), "OT solver 'sinkhorn': parameter 'reg' must be number > 0, got '0.1'");
    expectParameterError(() => sk.solve(mu, nu, cost, { reg: 0 }), "OT solver 'sinkhorn': parameter 'reg' must be number > 0, got 0");
    expectParameterError(() => sk.solve(mu, nu, cost, { max_iter: 1.5 }), "OT solver 'sinkhorn': parameter 'max_iter' must be integer ≥ 0, got 1.5");
    expectParameterError(
      () => SOLVERS.get('emd').solve(mu, nu, cost, { algorithm: 'simplex' }),
      "OT solver 'emd': parameter 'algorithm' must be 'auto' | 'network-simplex' | 'assignment', got 'simplex'",
    );
  });

  it('say which solvers exist when an id is unknown', () => {
    expect(() => SOLVERS.get('x')).toThrow("OT solver 'x' not found; available: emd, sinkhorn, sinkhorn-log, sinkhorn_for_widening");
  });
});

describe('built-in ground metrics', () => {
  it('are euclidean (with squared) and cosine', () => {
    expect(GROUND_METRICS.ids()).toEqual(['euclidean', 'cosine']);
    expect(GROUND_METRICS.get('euclidean').parameters.map((p) => p.name)).toEqual(['squared']);
    expect(() => GROUND_METRICS.get('l1')).toThrow("ground metric 'l1' not found; available: euclidean, cosine");
  });
});
