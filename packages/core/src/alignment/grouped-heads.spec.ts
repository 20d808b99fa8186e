import { SeededRandom } from '@otfuse/extension';
import { loopProduct } from '../__tests__/loop-product';
import { FusionError } from '../errors';
import type { FeatureOrder, HeadStructure, PermutationClass, PermutationStructure } from '../graph/feature-spaces';
import { checkHeadStructure } from '../graph/head-structure';
import { InMemoryWeights } from '../weights';
import { randomFeatureOrders } from '../permute';
import { applyFeatureOrders } from './apply-orders';
import { headBlockOrders } from './best-orders';
import { type Fixture, randomModel } from './__fixtures__/structures';
import { matchWeights } from './weight-matching';

// Rotary grouped-query attention, stated with core's heads: `kv` KV heads, `r` query heads under
// each, heads of `d`. Q and K move whole heads with nothing moved inside (fixed), query heads are
// grouped under KV heads (parent), V's heads are free inside, and O's input follows V inside each
// head. The stream `x` feeds Q, K, V and takes O's output.
function groupedFixture(kv: number, r: number, d: number, x: number): Fixture {
  const [h, qw, kw] = [kv * r, kv * r * d, kv * d];
  const kvHeads: HeadStructure = { count: kv, group: 'kv' };
  const query: HeadStructure = { count: h, group: 'query', parent: { group: 'kv', perParent: r } };
  const cls = (name: string, width: number, axes: [string, number][], heads?: HeadStructure): PermutationClass => ({
    spaces: [name],
    width,
    heads,
    axes: axes.map(([param, axis]) => ({ param, axis, space: name })),
  });
  const shapes = { 'in.weight': [x, 7], 'q.weight': [qw, x], 'k.weight': [kw, x], 'v.weight': [kw, x], 'o.weight': [x, qw], 'fc.weight': [3, x] };
  const classes = [
    cls('x', x, [['in.weight', 0], ['q.weight', 1], ['k.weight', 1], ['v.weight', 1], ['o.weight', 0], ['fc.weight', 1]]),
    cls('q', qw, [['q.weight', 0]], { ...query, within: 'fixed' }),
    cls('k', kw, [['k.weight', 0]], { ...kvHeads, within: 'fixed' }),
    cls('v', kw, [['v.weight', 0]], kvHeads),
    cls('o', qw, [['o.weight', 1]], { ...query, within: { follows: 'v' } }),
  ];
  return { shapes, structure: { classes, copies: [], unpermuted: [] } };
}

/**
 * Whether the orders are ones the structure allows: K's heads whole and unmoved inside (KV order
 * σ), V's heads whole (σ), Q's heads whole, unmoved inside, each query head staying under the KV
 * head σ moved its block to, and O's heads in Q's head order with V's inner order of their KV head.
 */
function respectsGroupedHeads(orders: ReadonlyMap<string, FeatureOrder>, kv: number, r: number, d: number): boolean {
  const [q, k, v, o] = ['q', 'k', 'v', 'o'].map((name) => orders.get(name) as FeatureOrder);
  const sigma = Array.from({ length: kv }, (_, p) => k[p * d] / d);
  const tau = Array.from({ length: kv * r }, (_, i) => q[i * d] / d);
  for (let p = 0; p < kv; p++) {
    for (let t = 0; t < d; t++) {
      if (k[p * d + t] !== sigma[p] * d + t || Math.floor(v[p * d + t] / d) !== sigma[p]) return false;
    }
  }
  for (let i = 0; i < kv * r; i++) {
    const p = Math.floor(i / r);
    if (Math.floor(tau[i] / r) !== sigma[p]) return false;
    for (let t = 0; t < d; t++) {
      if (q[i * d + t] !== tau[i] * d + t) return false;
      if (o[i * d + t] !== tau[i] * d + (v[p * d + t] - sigma[p] * d)) return false;
    }
  }
  return true;
}

const hostProduct = (x: Float32Array, y: Float32Array, n0: number, dim: number, n1: number) => Float32Array.from(loopProduct(x, y, n0, dim, n1));

describe('heads that move whole (fixed inside) and query heads grouped under KV heads', () => {
  it('randomFeatureOrders draws exactly the orders a fixed random source gives', () => {
    // shuffled(n) with every draw 0 is the rotation [1, 2, …, n − 1, 0].
    const orders = randomFeatureOrders(groupedFixture(2, 3, 3, 4).structure, () => 0);
    expect(Object.fromEntries([...orders].map(([name, order]) => [name, [...order]]))).toEqual({
      x: [1, 2, 3, 0],
      // KV order [1, 0]; query heads: block 0 takes KV head 1's heads 3, 4, 5 rotated, block 1 KV head 0's.
      q: [12, 13, 14, 15, 16, 17, 9, 10, 11, 3, 4, 5, 6, 7, 8, 0, 1, 2],
      k: [3, 4, 5, 0, 1, 2],
      v: [4, 5, 3, 1, 2, 0],
      o: [13, 14, 12, 16, 17, 15, 10, 11, 9, 4, 5, 3, 7, 8, 6, 1, 2, 0],
    });
  });

  it('randomFeatureOrders draws only allowed orders, and does move KV heads, query heads inside a group and V inside a head', () => {
    const { structure } = groupedFixture(3, 2, 4, 6);
    const seen = { kvMoved: false, queryInGroupMoved: false, vInsideMoved: false };
    for (let seed = 0; seed < 40; seed++) {
      const random = new SeededRandom(seed);
      const orders = randomFeatureOrders(structure, () => random.nextFloat());
      expect(respectsGroupedHeads(orders, 3, 2, 4)).toBe(true);
      const [q, k, v] = ['q', 'k', 'v'].map((name) => orders.get(name) as FeatureOrder);
      seen.kvMoved ||= k[0] !== 0;
      seen.queryInGroupMoved ||= [0, 1, 2].some((p) => q[2 * p * 4] / 4 % 2 !== 0);
      seen.vInsideMoved ||= v.some((f, i) => f % 4 !== i % 4);
    }
    expect(seen).toEqual({ kvMoved: true, queryInGroupMoved: true, vInsideMoved: true });
  });

  it('matchWeights brings a permuted copy back exactly', () => {
    const fixture = groupedFixture(3, 2, 4, 6);
    const anchor = randomModel(fixture, 7);
    for (let seed = 0; seed < 5; seed++) {
      const random = new SeededRandom(100 + seed);
      const permuted = applyFeatureOrders(fixture.structure, anchor, randomFeatureOrders(fixture.structure, () => random.nextFloat()));
      const model = new InMemoryWeights(permuted);
      const { orders } = matchWeights(fixture.structure, model, anchor, { seed, hostProduct });
      expect(respectsGroupedHeads(orders, 3, 2, 4)).toBe(true);
      const back = applyFeatureOrders(fixture.structure, model, orders);
      for (const name of anchor.names()) expect(back.get(name)?.data).toEqual(anchor.host(name).data);
    }
  });

  it('matchWeights gives an unrelated model orders the structure allows', () => {
    const fixture = groupedFixture(3, 2, 4, 6);
    for (const seed of [1, 2, 3]) {
      const { orders } = matchWeights(fixture.structure, randomModel(fixture, seed), randomModel(fixture, seed + 10), { seed, hostProduct });
      expect(respectsGroupedHeads(orders, 3, 2, 4)).toBe(true);
    }
  });

  it('scores a fixed-inside head pair by its diagonal, a free one by its best assignment inside', () => {
    // Heads of 2: the diagonal blocks hold 3·I, the off-diagonal ones 10 off the diagonal.
    const similarity = Float64Array.from([3, 0, 0, 10, 0, 3, 10, 0, 0, 10, 3, 0, 10, 0, 0, 3]);
    const [fixed] = headBlockOrders([{ similarity, width: 4, group: 0, inner: 'fixed' }], 2, []);
    const [free] = headBlockOrders([{ similarity, width: 4, group: 0, inner: 'free' }], 2, []);
    expect([...fixed]).toEqual([0, 1, 2, 3]);
    expect([...free]).toEqual([3, 2, 1, 0]);
  });
});

describe('inconsistent head declarations are refused', () => {
  const base = () => groupedFixture(2, 2, 2, 3).structure;
  const withHeads = (structure: PermutationStructure, name: string, heads: HeadStructure) => structure.classes.map((c) => (c.spaces[0] === name ? { ...c, heads } : c));
  const refusal = (classes: PermutationClass[]) => {
    try {
      checkHeadStructure(classes);
    } catch (error) {
      if (error instanceof FusionError) return [error.code, error.message];
      throw error;
    }
    return undefined;
  };

  it('accepts the grouped structure', () => expect(refusal(base().classes)).toBeUndefined());

  it.each<[string, string, HeadStructure, string]>([
    ['a group whose classes name different parents', 'o', { count: 4, group: 'query', within: { follows: 'v' } }, "classes 'q' and 'o' share head group 'query' but declare parent 'kv' with 2 heads each and no parent"],
    ['heads that are not perParent under each parent head', 'q', { count: 4, group: 'query', within: 'fixed', parent: { group: 'kv', perParent: 3 } }, "classes 'q' and 'o' share head group 'query' but declare parent 'kv' with 3 heads each and parent 'kv' with 2 heads each"],
    ['following a fixed class', 'o', { count: 4, group: 'query', within: { follows: 'k' }, parent: { group: 'kv', perParent: 2 } }, "class 'o' follows 'k', whose heads are not free inside"],
    ['following a class of another group', 'v', { count: 2, group: 'kv', within: { follows: 'o' } }, "class 'v' follows 'o', whose heads are neither in its group 'kv' nor in its parent group"],
    ['following no class', 'o', { count: 4, group: 'query', within: { follows: 'o:elsewhere' }, parent: { group: 'kv', perParent: 2 } }, "class 'o' follows the inner order of 'o:elsewhere', which is no permuted class (a space other than a class's first, or one no axis permutes)"],
  ])('%s', (_, name, heads, message) => {
    expect(refusal(withHeads(base(), name, heads))).toEqual(['GRAPH_INVALID', message]);
  });

  it('a parent whose heads times perParent are not the group', () => {
    const classes = base().classes.map((c) => (c.heads?.group === 'query' ? { ...c, heads: { ...c.heads, parent: { group: 'kv', perParent: 3 } } } : c));
    expect(refusal(classes)).toEqual(['GRAPH_INVALID', "head group 'query' has 4 heads, not 3 under each of the 2 heads of its parent 'kv'"]);
  });

  it('a parent no class declares', () => {
    const classes = base().classes.map((c) => (c.heads?.group === 'query' ? { ...c, heads: { ...c.heads, parent: { group: 'nowhere', perParent: 2 } } } : c));
    expect(refusal(classes)).toEqual(['GRAPH_INVALID', "head group 'query' (class 'q') names parent group 'nowhere', which no permuted class declares"]);
  });

  it('a parent group that has a parent itself', () => {
    const classes = base().classes.map((c) => (c.heads?.group === 'kv' ? { ...c, heads: { ...c.heads, parent: { group: 'query', perParent: 1 } } } : c));
    expect(refusal(classes)?.[0]).toBe('GRAPH_INVALID');
  });

  it('is refused by matchWeights and applyFeatureOrders alike', () => {
    const fixture = groupedFixture(2, 2, 2, 3);
    const structure = { ...fixture.structure, classes: withHeads(fixture.structure, 'o', { count: 4, group: 'query', within: { follows: 'k' }, parent: { group: 'kv', perParent: 2 } }) };
    const model = randomModel(fixture, 1);
    expect(() => applyFeatureOrders(structure, model, new Map())).toThrow("class 'o' follows 'k', whose heads are not free inside");
    expect(() => matchWeights(structure, model, model, { seed: 0 })).toThrow("class 'o' follows 'k', whose heads are not free inside");
  });
});
