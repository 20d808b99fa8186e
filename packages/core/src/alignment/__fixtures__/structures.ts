import { permutation, SeededRandom } from '@otfuse/extension';
import type { FeatureOrder, PermutationClass, PermutationStructure } from '../../graph/feature-spaces';
import { type HostTensor, InMemoryWeights } from '../../weights';

/** A structure and the shapes of every parameter of its models. */
export interface Fixture {
  structure: PermutationStructure;
  shapes: Record<string, number[]>;
}

type Heads = PermutationClass['heads'];

/** A class named `name` permuting the `[param, axis]` pairs. */
function featureClass(name: string, width: number, axes: [string, number][], heads?: Heads): PermutationClass {
  return { spaces: [name], width, heads, axes: axes.map(([param, axis]) => ({ param, axis, space: name })) };
}

function fixture(shapes: Record<string, number[]>, classes: PermutationClass[], copies: PermutationStructure['copies'] = []): Fixture {
  const named = new Set([...classes.flatMap((c) => c.axes.map((a) => a.param)), ...copies.map((c) => c.param)]);
  return { shapes, structure: { classes, copies, unpermuted: Object.keys(shapes).filter((p) => !named.has(p)) } };
}

/** in 24 → 12 → 10 → 8 → 5 (fixed output). */
export function mlpFixture(): Fixture {
  const sizes = [24, 12, 10, 8, 5];
  const shapes: Record<string, number[]> = {};
  sizes.slice(1).forEach((out, i) => {
    shapes[`fc${i}.weight`] = [out, sizes[i]];
    shapes[`fc${i}.bias`] = [out];
  });
  const hidden = [1, 2, 3].map((h) => featureClass(`h${h}`, sizes[h], [[`fc${h - 1}.weight`, 0], [`fc${h - 1}.bias`, 0], [`fc${h}.weight`, 1]]));
  return fixture(shapes, hidden);
}

/** Query/key and value spaces of 3 heads of 4 sharing one head order, and the output projection's features, read by a fixed classifier. */
export function attentionFixture(): Fixture {
  const shapes: Record<string, number[]> = {
    'q.weight': [12, 16], 'q.bias': [12], 'k.weight': [12, 16], 'k.bias': [12], 'v.weight': [12, 16], 'v.bias': [12],
    'o.weight': [10, 12], 'o.bias': [10], 'fc.weight': [5, 10], 'fc.bias': [5],
  };
  const heads = { count: 3, group: 'attention' };
  return fixture(shapes, [
    featureClass('attention:qk', 12, [['q.weight', 0], ['q.bias', 0], ['k.weight', 0], ['k.bias', -1]], heads),
    featureClass('attention:v', 12, [['v.weight', 0], ['v.bias', 0], ['o.weight', 1]], heads),
    featureClass('attention', 10, [['o.weight', 0], ['o.bias', 0], ['fc.weight', -1]]),
  ]);
}

/** An embedding whose features run through two residual blocks and their norms into a tied decoder: one class over every layer. */
export function residualFixture(): Fixture {
  const shapes: Record<string, number[]> = { 'embed.weight': [20, 8], 'norm0.weight': [8], 'norm0.bias': [8], 'decoder.weight': [20, 8], 'decoder.bias': [20] };
  const stream: [string, number][] = [['embed.weight', 1], ['norm0.weight', 0], ['norm0.bias', 0]];
  const blocks = [0, 1].map((i) => {
    Object.assign(shapes, { [`up${i}.weight`]: [16, 8], [`up${i}.bias`]: [16], [`down${i}.weight`]: [8, 16], [`down${i}.bias`]: [8], [`norm${i + 1}.weight`]: [8], [`norm${i + 1}.bias`]: [8] });
    stream.push([`up${i}.weight`, 1], [`down${i}.weight`, 0], [`down${i}.bias`, 0], [`norm${i + 1}.weight`, 0], [`norm${i + 1}.bias`, 0]);
    return featureClass(`block${i}.hidden`, 16, [[`up${i}.weight`, 0], [`up${i}.bias`, 0], [`down${i}.weight`, 1]]);
  });
  return fixture(shapes, [featureClass('embed', 8, stream), ...blocks], [{ param: 'decoder.weight', of: 'embed.weight' }]);
}

/** Two 3×3 convolutions (6 then 8 channels) on 3 input channels, pooled into a fixed classifier. */
export function convFixture(): Fixture {
  const shapes: Record<string, number[]> = { 'conv0.weight': [6, 3, 3, 3], 'conv0.bias': [6], 'conv1.weight': [8, 6, 3, 3], 'conv1.bias': [8], 'fc.weight': [5, 8], 'fc.bias': [5] };
  return fixture(shapes, [
    featureClass('conv0', 6, [['conv0.weight', 0], ['conv0.bias', 0], ['conv1.weight', 1]]),
    featureClass('conv1', 8, [['conv1.weight', 0], ['conv1.bias', 0], ['fc.weight', 1]]),
  ]);
}

/** Values uniform in [-1, 1); a copy holds its source's values. */
export function randomModel({ structure, shapes }: Fixture, seed: number): InMemoryWeights {
  const random = new SeededRandom(seed);
  const tensors: Record<string, HostTensor> = {};
  for (const [name, shape] of Object.entries(shapes)) {
    tensors[name] = { shape, data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random.nextFloat() * 2 - 1) };
  }
  for (const { param, of } of structure.copies) tensors[param] = tensors[of];
  return new InMemoryWeights(tensors);
}

/** A random order per class; a class with heads moves whole heads, the same way across its head group. */
export function randomOrders(structure: PermutationStructure, seed: number): Map<string, FeatureOrder> {
  const random = new SeededRandom(seed);
  const headOrders = new Map<string, Int32Array>();
  return new Map(
    structure.classes.map((cls) => {
      if (!cls.heads) return [cls.spaces[0], permutation(cls.width, random)];
      const { count, group } = cls.heads;
      const headOrder = headOrders.get(group) ?? permutation(count, random);
      headOrders.set(group, headOrder);
      const d = cls.width / count;
      const order = new Int32Array(cls.width);
      for (let a = 0; a < count; a++) permutation(d, random).forEach((t, u) => (order[a * d + u] = headOrder[a] * d + t));
      return [cls.spaces[0], order];
    }),
  );
}

export function inverse(order: FeatureOrder): FeatureOrder {
  const inverted = new Int32Array(order.length);
  order.forEach((feature, position) => (inverted[feature] = position));
  return inverted;
}
