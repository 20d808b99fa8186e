import { FusionError } from '../errors';
import type { FeatureOrder, PermutationStructure } from '../graph/feature-spaces';
import { className } from './permuted-parameters';

/** Each class's order by class index, undefined where `orders` has none; every order is checked to be a permutation of its class. */
export function ordersByClass(structure: PermutationStructure, orders: ReadonlyMap<string, FeatureOrder>): (FeatureOrder | undefined)[] {
  const index = new Map(structure.classes.map((cls, i) => [className(cls), i]));
  const byClass: (FeatureOrder | undefined)[] = structure.classes.map(() => undefined);
  for (const [name, order] of orders) {
    const i = index.get(name);
    if (i === undefined) throw new FusionError('BAD_OPTION', `an order is given for '${name}', which is no class; classes: ${[...index.keys()].join(', ')}`);
    checkPermutation(name, order, structure.classes[i].width);
    byClass[i] = order;
  }
  return byClass;
}

function checkPermutation(name: string, order: FeatureOrder, width: number): void {
  if (order.length !== width) throw new FusionError('BAD_OPTION', `the order of class '${name}' has ${order.length} entries, expected ${width}`);
  const seen = new Uint8Array(width);
  for (const feature of order) {
    if (!(feature >= 0 && feature < width) || seen[feature]) {
      throw new FusionError('BAD_OPTION', `the order of class '${name}' is not a permutation of 0..${width - 1} (entry ${feature})`);
    }
    seen[feature] = 1;
  }
}

export function identityOrder(width: number): FeatureOrder {
  return Int32Array.from({ length: width }, (_, i) => i);
}
