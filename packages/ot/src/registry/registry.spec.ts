import { expectOtError } from '../__fixtures__/errors';
import { uniform } from '../problem';
import { getGroundMetric, listGroundMetrics, registerGroundMetric } from '../metrics/ground-metrics';
import { defineSolver, getSolver, listSolvers, registerSolver } from '../solvers';
import { emd } from '../emd/emd';
import { sinkhorn } from '../sinkhorn/sinkhorn';
import { Registry } from './registry';
import { resolveParameters, type Registered } from './parameters';

describe('solver registry', () => {
  const cost = Float64Array.from([0.1, 0.9, 0.8, 0.2, 0.5, 0.4]);
  const mu = uniform(2);
  const nu = uniform(3);

  it('has the built-in solvers, each with a description and documented parameters', () => {
    expect(listSolvers().map((s) => s.name)).toEqual(expect.arrayContaining(['emd', 'sinkhorn', 'sinkhorn-log']));
    for (const solver of listSolvers()) {
      expect(solver.description.length).toBeGreaterThan(10);
      for (const p of solver.parameters) expect(p.description.length).toBeGreaterThan(5);
    }
  });

  it('looks solvers up by name and runs them with defaults', () => {
    expect(getSolver('emd').solve(mu, nu, cost)).toEqual({ plan: emd(mu, nu, cost).plan, cost: emd(mu, nu, cost).cost });
    const viaRegistry = getSolver('sinkhorn').solve(mu, nu, cost);
    expect(viaRegistry.plan).toEqual(sinkhorn(mu, nu, cost, { reg: 0.08 }).plan);
    const log = getSolver('sinkhorn-log').solve(mu, nu, cost, { reg: 0.5, maxIter: 50 });
    expect(log.plan).toEqual(sinkhorn(mu, nu, cost, { reg: 0.5, maxIter: 50, method: 'log' }).plan);
    let expectedCost = 0;
    for (let e = 0; e < cost.length; e++) expectedCost += log.plan[e] * cost[e];
    expect(log.cost).toBe(expectedCost);
  });

  it('says which solvers exist when a name is unknown', () => {
    expectOtError(() => getSolver('x'), 'OT_UNKNOWN_NAME', "Solver 'x' not found; available: emd, sinkhorn, sinkhorn-log");
  });

  it('refuses a second solver with a taken name', () => {
    const duplicate = defineSolver({ name: 'emd', description: 'another', parameters: [], run: () => ({ plan: new Float64Array(0), cost: 0 }) });
    expectOtError(() => registerSolver(duplicate), 'OT_DUPLICATE_NAME', "Solver 'emd' is already registered");
  });

  it('registers new solvers, which are then listed and validated', () => {
    registerSolver(
      defineSolver({
        name: 'test-uniform-plan',
        description: 'the independent coupling mu nu^T',
        parameters: [{ name: 'scale', type: 'number', default: 1, minimum: 0, description: 'multiplies the plan' }],
        run: (a, b, _cost, params) => {
          const plan = new Float64Array(a.length * b.length);
          for (let i = 0; i < a.length; i++) for (let j = 0; j < b.length; j++) plan[i * b.length + j] = a[i] * b[j] * (params.scale as number);
          return { plan, cost: 0 };
        },
      }),
    );
    expect(getSolver('test-uniform-plan').solve(mu, nu, cost, { scale: 2 }).plan[0]).toBeCloseTo(1 / 3, 15);
    expect(listSolvers().map((s) => s.name)).toContain('test-uniform-plan');
    expectOtError(() => getSolver('test-uniform-plan').solve(mu, nu, cost, { scale: -1 }), 'OT_INVALID_OPTION', "Solver 'test-uniform-plan': parameter 'scale' must be a finite number >= 0, got -1");
  });

  it('validates parameters: unknown names, types, enums, integers and bounds', () => {
    expectOtError(() => getSolver('sinkhorn').solve(mu, nu, cost, { regg: 1 }), 'OT_INVALID_OPTION', "Solver 'sinkhorn': unknown parameter 'regg'; known: reg, maxIter, tol, kernelPrecision");
    expectOtError(() => getSolver('sinkhorn').solve(mu, nu, cost, { reg: '0.1' }), 'OT_INVALID_OPTION', "parameter 'reg' must be a finite number > 0, got \"0.1\"");
    expectOtError(() => getSolver('sinkhorn').solve(mu, nu, cost, { reg: 0 }), 'OT_INVALID_OPTION', "parameter 'reg' must be a finite number > 0, got 0");
    expectOtError(() => getSolver('sinkhorn').solve(mu, nu, cost, { maxIter: 1.5 }), 'OT_INVALID_OPTION', "parameter 'maxIter' must be an integer >= 0, got 1.5");
    expectOtError(() => getSolver('emd').solve(mu, nu, cost, { algorithm: 'simplex' }), 'OT_INVALID_OPTION', "parameter 'algorithm' must be one of auto, network-simplex, assignment, got \"simplex\"");
  });
});

describe('ground metric registry', () => {
  it('has euclidean and cosine, looks them up and lists what exists', () => {
    expect(listGroundMetrics().map((m) => m.name)).toEqual(expect.arrayContaining(['euclidean', 'cosine']));
    expect(getGroundMetric('euclidean').parameters.map((p) => p.name)).toEqual(['squared']);
    expectOtError(() => getGroundMetric('l1'), 'OT_UNKNOWN_NAME', "Ground metric 'l1' not found; available: euclidean, cosine");
  });

  it('refuses a duplicate name', () => {
    expectOtError(
      () => registerGroundMetric({ name: 'cosine', description: 'again', parameters: [], distances: () => new Float64Array(0) }),
      'OT_DUPLICATE_NAME',
      "Ground metric 'cosine' is already registered",
    );
  });
});

describe('Registry and resolveParameters', () => {
  const thing: Registered = {
    name: 'thing',
    description: 'a test entry',
    parameters: [
      { name: 'flag', type: 'boolean', default: false, description: 'a switch' },
      { name: 'count', type: 'integer', default: 3, minimum: 1, description: 'how many' },
    ],
  };

  it('fills defaults and keeps given values', () => {
    expect(resolveParameters(thing, 'Widget')).toEqual({ flag: false, count: 3 });
    expect(resolveParameters(thing, 'Widget', { flag: true, count: 7 })).toEqual({ flag: true, count: 7 });
    expectOtError(() => resolveParameters(thing, 'Widget', { flag: 'yes' }), 'OT_INVALID_OPTION', "Widget 'thing': parameter 'flag' must be a boolean, got \"yes\"");
    expectOtError(() => resolveParameters(thing, 'Widget', { count: 0 }), 'OT_INVALID_OPTION', "parameter 'count' must be an integer >= 1, got 0");
  });

  it('keeps registration order and reports membership', () => {
    const registry = new Registry<Registered>('Widget');
    registry.register({ ...thing, name: 'b' });
    registry.register({ ...thing, name: 'a' });
    expect(registry.list().map((w) => w.name)).toEqual(['b', 'a']);
    expect(registry.has('a')).toBe(true);
    expect(registry.has('c')).toBe(false);
    expectOtError(() => registry.get('c'), 'OT_UNKNOWN_NAME', "Widget 'c' not found; available: b, a");
  });
});
