import { FusionError } from '../errors';
import type { FeatureOrder, PermutationStructure } from '../graph/feature-spaces';
import { type HostTensor, InMemoryWeights } from '../weights';
import { applyFeatureOrders } from './apply-orders';

const tensor = (shape: number[], values: number[]): HostTensor => ({ shape, data: Float32Array.from(values) });

/** A 2-layer MLP, a conv weight `[out, in, kh, kw]`, attention-like query and value spaces sharing heads, and a tie. */
const weights = new InMemoryWeights({
  'fc0.weight': tensor([3, 2], [1, 2, 3, 4, 5, 6]),
  'fc0.bias': tensor([3], [10, 20, 30]),
  'fc1.weight': tensor([2, 3], [1, 2, 3, 4, 5, 6]),
  'fc1.bias': tensor([2], [7, 8]),
  'conv.weight': tensor([2, 2, 1, 2], [1, 2, 3, 4, 5, 6, 7, 8]),
  'q.weight': tensor([4, 1], [1, 2, 3, 4]),
  'v.weight': tensor([4, 1], [5, 6, 7, 8]),
  'o.weight': tensor([1, 4], [10, 20, 30, 40]),
  'tied.weight': tensor([2, 3], [1, 2, 3, 4, 5, 6]),
});

const structure: PermutationStructure = {
  classes: [
    { spaces: ['hidden', 'hidden:norm'], width: 3, axes: [{ param: 'fc0.weight', axis: 0, space: 'hidden' }, { param: 'fc0.bias', axis: -1, space: 'hidden' }, { param: 'fc1.weight', axis: -1, space: 'hidden' }] },
    { spaces: ['conv:out'], width: 2, axes: [{ param: 'conv.weight', axis: 0, space: 'conv:out' }] },
    { spaces: ['conv:in'], width: 2, axes: [{ param: 'conv.weight', axis: 1, space: 'conv:in' }] },
    { spaces: ['attn:qk'], width: 4, heads: { count: 2, group: 'attn' }, axes: [{ param: 'q.weight', axis: 0, space: 'attn:qk' }] },
    {
      spaces: ['attn:v'],
      width: 4,
      heads: { count: 2, group: 'attn' },
      axes: [{ param: 'v.weight', axis: 0, space: 'attn:v' }, { param: 'o.weight', axis: -1, space: 'attn:v' }],
    },
  ],
  copies: [{ param: 'tied.weight', of: 'fc1.weight' }],
  unpermuted: ['fc1.bias'],
};

const orders = (entries: Record<string, number[]>): Map<string, FeatureOrder> => new Map(Object.entries(entries).map(([k, v]) => [k, Int32Array.from(v)]));

const values = (applied: Map<string, HostTensor>): Record<string, number[]> => Object.fromEntries([...applied].map(([name, t]) => [name, Array.from(t.data)]));

describe('applyFeatureOrders', () => {
  it('moves slice order[i] of each permuted axis to position i, sets the copy from its permuted source and keeps the rest', () => {
    const applied = applyFeatureOrders(
      structure,
      weights,
      orders({ hidden: [2, 0, 1], 'conv:out': [1, 0], 'conv:in': [1, 0], 'attn:qk': [3, 2, 0, 1], 'attn:v': [2, 3, 1, 0] }),
    );
    expect([...applied.keys()]).toEqual(weights.names());
    expect(values(applied)).toEqual({
      'fc0.weight': [5, 6, 1, 2, 3, 4],
      'fc0.bias': [30, 10, 20],
      'fc1.weight': [3, 1, 2, 6, 4, 5],
      'fc1.bias': [7, 8],
      // [o][i][kw]: o1 before o0, and in each, i1 before i0.
      'conv.weight': [7, 8, 5, 6, 3, 4, 1, 2],
      'q.weight': [4, 3, 1, 2],
      'v.weight': [7, 8, 6, 5],
      'o.weight': [30, 40, 20, 10],
      'tied.weight': [3, 1, 2, 6, 4, 5],
    });
    for (const name of weights.names()) expect(applied.get(name)?.shape).toEqual(weights.shape(name));
  });

  it('leaves a class with no order as it is: a conv weight permuted on its input axis alone', () => {
    const applied = values(applyFeatureOrders(structure, weights, orders({ 'conv:in': [1, 0] })));
    expect(applied['conv.weight']).toEqual([3, 4, 1, 2, 7, 8, 5, 6]);
    for (const name of weights.names().filter((n) => n !== 'conv.weight')) expect(applied[name]).toEqual(Array.from(weights.host(name).data));
  });

  it('refuses an order for no class, and one that is not a permutation of its class', () => {
    const attempt = (entries: Record<string, number[]>) => () => applyFeatureOrders(structure, weights, orders(entries));
    expect(attempt({ hiden: [0, 1, 2] })).toThrow(new FusionError('BAD_OPTION', "an order is given for 'hiden', which is no class; classes: hidden, conv:out, conv:in, attn:qk, attn:v"));
    expect(attempt({ hidden: [0, 1] })).toThrow("the order of class 'hidden' has 2 entries, expected 3");
    expect(attempt({ hidden: [0, 1, 1] })).toThrow("the order of class 'hidden' is not a permutation of 0..2 (entry 1)");
    expect(attempt({ hidden: [0, 1, 3] })).toThrow("the order of class 'hidden' is not a permutation of 0..2 (entry 3)");
  });
});
