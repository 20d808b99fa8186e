import { loopProduct } from '../__tests__/loop-product';
import { useTestBackend } from '../__tests__/setup-backend';
import type { FeatureOrder, PermutationStructure } from '../graph/feature-spaces';
import { InMemoryWeights } from '../weights';
import { applyFeatureOrders } from './apply-orders';
import { attentionFixture, convFixture, type Fixture, inverse, mlpFixture, randomModel, randomOrders, residualFixture } from './__fixtures__/structures';
import { matchWeights, type WeightMatchingProgress } from './weight-matching';

/** A model that is the anchor with its features in random (head-respecting) orders, and those orders. */
function permutedCopy(fixture: Fixture, anchor: InMemoryWeights, seed: number): { model: InMemoryWeights; applied: Map<string, FeatureOrder> } {
  const applied = randomOrders(fixture.structure, seed);
  return { model: new InMemoryWeights(applyFeatureOrders(fixture.structure, anchor, applied)), applied };
}

/** Σ over permuted parameters of ⟨anchor, model in `orders`⟩, summed here in float64. */
function objective(structure: PermutationStructure, model: InMemoryWeights, anchor: InMemoryWeights, orders: Map<string, FeatureOrder>): number {
  const aligned = applyFeatureOrders(structure, model, orders);
  const permuted = new Set(structure.classes.flatMap((c) => c.axes.map((a) => a.param)));
  let total = 0;
  for (const name of permuted) {
    const [a, m] = [anchor.host(name).data, aligned.get(name)?.data as Float32Array];
    for (let i = 0; i < a.length; i++) total += a[i] * m[i];
  }
  return total;
}

const plain = (orders: Map<string, FeatureOrder>): Record<string, number[]> => Object.fromEntries([...orders].map(([name, order]) => [name, Array.from(order)]));

describe('matchWeights', () => {
  beforeAll(useTestBackend);

  it.each([
    ['an MLP with 3 hidden layers', mlpFixture],
    ['attention: query/key and value spaces sharing heads, then an output space', attentionFixture],
    ['a residual stream through every layer, with a tied decoder', residualFixture],
    ['a convnet', convFixture],
  ])('recovers a random permutation of %s exactly', (_, make) => {
    const fixture = make();
    const anchor = randomModel(fixture, 11);
    const { model, applied } = permutedCopy(fixture, anchor, 12);
    const result = matchWeights(fixture.structure, model, anchor, { seed: 5 });
    expect(result.converged).toBe(true);
    expect(plain(result.orders)).toEqual(plain(new Map([...applied].map(([name, order]) => [name, inverse(order)]))));
    const aligned = applyFeatureOrders(fixture.structure, model, result.orders);
    for (const name of anchor.names()) expect(aligned.get(name)?.data).toEqual(anchor.host(name).data);
  });

  it('keeps whole heads together, moved alike in a head group, for models that are no permutation of each other', () => {
    const fixture = attentionFixture();
    const { orders } = matchWeights(fixture.structure, randomModel(fixture, 21), randomModel(fixture, 22), { seed: 3 });
    const [heads, d] = [3, 4];
    /** The model head each anchor head takes its features from, checking that they all come from one head. */
    const headOrder = (order: FeatureOrder): number[] =>
      Array.from({ length: heads }, (_, a) => {
        const from = new Set(Array.from(order.subarray(a * d, (a + 1) * d), (feature) => Math.floor(feature / d)));
        expect(from.size).toBe(1);
        return [...from][0];
      });
    const [qk, v] = [orders.get('attention:qk') as FeatureOrder, orders.get('attention:v') as FeatureOrder];
    for (const order of [qk, v]) expect(Array.from(order).sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(headOrder(qk)).toEqual(headOrder(v));
    expect([...headOrder(qk)].sort()).toEqual([0, 1, 2]);
    // Something moved, so the checks above are about a real choice.
    expect([qk, v].some((order) => order.some((feature, i) => feature !== i))).toBe(true);
  });

  it('gives the same orders for the same seed', () => {
    const fixture = residualFixture();
    const [model, anchor] = [randomModel(fixture, 31), randomModel(fixture, 32)];
    const first = matchWeights(fixture.structure, model, anchor, { seed: 9 });
    const second = matchWeights(fixture.structure, model, anchor, { seed: 9 });
    expect(plain(second.orders)).toEqual(plain(first.orders));
    expect(second.iterations).toBe(first.iterations);
  });

  it('never lowers the objective from one sweep to the next, and reports it after each', () => {
    const fixture = mlpFixture();
    const [model, anchor] = [randomModel(fixture, 100), randomModel(fixture, 200)];
    const reported: WeightMatchingProgress[] = [];
    const full = matchWeights(fixture.structure, model, anchor, { seed: 0, onProgress: (p) => reported.push(p) });
    expect(full.iterations).toBeGreaterThan(2);
    expect(reported.map((p) => p.iteration)).toEqual(Array.from({ length: full.iterations }, (_, i) => i + 1));
    expect(reported[reported.length - 1].changed).toEqual([]);
    let previous = objective(fixture.structure, model, anchor, new Map());
    for (let sweeps = 1; sweeps <= full.iterations; sweeps++) {
      const { orders } = matchWeights(fixture.structure, model, anchor, { seed: 0, maxIterations: sweeps });
      const value = objective(fixture.structure, model, anchor, orders);
      expect(value).toBeGreaterThanOrEqual(previous);
      expect(reported[sweeps - 1].objective).toBeCloseTo(value, 4);
      previous = value;
    }
  });

  it('stops after maxIterations sweeps, unconverged while the last one still changed an order', () => {
    const fixture = mlpFixture();
    const anchor = randomModel(fixture, 51);
    const result = matchWeights(fixture.structure, permutedCopy(fixture, anchor, 52).model, anchor, { seed: 1, maxIterations: 1 });
    expect([result.iterations, result.converged]).toEqual([1, false]);
  });

  it('computes the products on the host product it is given', () => {
    const fixture = attentionFixture();
    const anchor = randomModel(fixture, 61);
    const { model } = permutedCopy(fixture, anchor, 62);
    const shapes: number[][] = [];
    const hostProduct = (a: Float32Array, b: Float32Array, m: number, k: number, n: number): Float32Array => {
      shapes.push([m, k, n]);
      return Float32Array.from(loopProduct(a, b, m, k, n));
    };
    const hosted = matchWeights(fixture.structure, model, anchor, { seed: 4, hostProduct });
    expect(plain(hosted.orders)).toEqual(plain(matchWeights(fixture.structure, model, anchor, { seed: 4 }).orders));
    // Once: the parts of the query/key and value spaces no other order changes (weights of 16 input columns, biases).
    const once = [[12, 16, 12], [12, 1, 12], [12, 16, 12], [12, 1, 12], [12, 16, 12], [12, 1, 12]];
    expect(shapes.slice(0, once.length)).toEqual(once);
    // Each time the output space is solved: its bias and classifier columns (too narrow to keep summed) and the output projection;
    // each time the value space is: the output projection from its other side.
    const count = (shape: number[]) => shapes.slice(once.length).filter((s) => s.join() === shape.join()).length;
    const outputSolves = count([10, 12, 10]);
    expect([count([10, 1, 10]), count([10, 5, 10])]).toEqual([outputSolves, outputSolves]);
    expect(3 * outputSolves + count([12, 10, 12])).toBe(shapes.length - once.length);
    expect(outputSolves).toBeGreaterThanOrEqual(1);
    expect(count([12, 10, 12])).toBeGreaterThanOrEqual(1);
  });

  it('solves a class again only when an order its similarity reads has changed', () => {
    // Two classes that share no parameter, each of narrow weights summed anew whenever it is solved.
    const fixture: Fixture = {
      shapes: { 'x.weight': [6, 4], 'y.weight': [5, 3] },
      structure: {
        classes: [
          { spaces: ['x'], width: 6, axes: [{ param: 'x.weight', axis: 0, space: 'x' }] },
          { spaces: ['y'], width: 5, axes: [{ param: 'y.weight', axis: 0, space: 'y' }] },
        ],
        copies: [],
        unpermuted: [],
      },
    };
    const anchor = randomModel(fixture, 71);
    const shapes: string[] = [];
    const hostProduct = (a: Float32Array, b: Float32Array, m: number, k: number, n: number): Float32Array => {
      shapes.push([m, k, n].join());
      return Float32Array.from(loopProduct(a, b, m, k, n));
    };
    const result = matchWeights(fixture.structure, permutedCopy(fixture, anchor, 72).model, anchor, { seed: 0, hostProduct });
    // The first sweep changes both orders, the second finds nothing to solve.
    expect([result.iterations, result.converged]).toEqual([2, true]);
    expect(shapes.sort()).toEqual(['5,3,5', '6,4,6']);
  });
});
