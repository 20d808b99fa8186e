import { applyFeatureOrders } from './alignment/apply-orders';
import type { FeatureOrder, HeadStructure, PermutationStructure } from './graph/feature-spaces';
import { childHeadOrder, followedHead, type HeadGroup, headGroups, headsInOrder, innerAt, innerOrderOf } from './graph/head-structure';
import { checkModelAgainstGraph } from './graph/check-model';
import type { AlignmentGraph } from './graph/nodes';
import { resolvePermutations } from './graph/permutation-structure';
import { storedTensors, viewedBy } from './viewed-weights';
import { HostTensor, ModelWeights, shapeTable } from './weights';

/** A uniform random float in [0, 1), from the caller's seeded generator. */
export type RandomSource = () => number;

/**
 * The same function with its hidden neurons permuted, derived from the graph alone: each kind
 * declares how a permutation acts on it (maps joined by a residual junction or passed through a
 * norm share one permutation; attention keeps each dimension in its head, and heads move the
 * same way for Q, K and V). Fusing a model with such a copy must give the model back.
 */
export function permuteModel(graph: AlignmentGraph, weights: ModelWeights, random: RandomSource): Map<string, HostTensor> {
  const stored = shapeTable(weights);
  checkModelAgainstGraph(graph, stored);
  const viewed = viewedBy(graph, weights);
  const structure = resolvePermutations(graph, shapeTable(viewed));
  return storedTensors(graph, applyFeatureOrders(structure, viewed, randomFeatureOrders(structure, random)), stored);
}

/**
 * One random order per class, drawn only among the orders its heads allow: classes sharing a head
 * group move their heads the same way; a group with a parent moves whole blocks by the parent's
 * order and shuffles heads inside each block; inside a head, features are shuffled (free), kept
 * (fixed) or ordered as the followed class's corresponding head.
 */
export function randomFeatureOrders(structure: PermutationStructure, random: RandomSource): Map<string, FeatureOrder> {
  const { classes } = structure;
  const groups = headGroups(classes);
  const headOrders = new Map<string, Int32Array>();
  const headOrder = (group: string): Int32Array => {
    let order = headOrders.get(group);
    if (!order) {
      const { count, parent } = groups.get(group) as HeadGroup;
      order = parent ? childHeadOrder(headOrder(parent.group), parent.perParent, () => shuffled(parent.perParent, random)) : shuffled(count, random);
      headOrders.set(group, order);
    }
    return order;
  };
  const orders: FeatureOrder[] = [];
  const following: number[] = [];
  classes.forEach((cls, c) => {
    if (!cls.heads) orders[c] = shuffled(cls.width, random);
    else {
      const inner = innerOrderOf(classes, c);
      const heads = headOrder(cls.heads.group);
      if (inner === 'free') orders[c] = headRespecting(cls.width, heads, random);
      else if (inner === 'fixed') orders[c] = headsInOrder(cls.width, heads, () => undefined);
      else following.push(c);
    }
  });
  for (const c of following) {
    const { width, heads } = classes[c];
    const followed = (innerOrderOf(classes, c) as { follows: number }).follows;
    const d = width / (heads as HeadStructure).count;
    orders[c] = headsInOrder(width, headOrder((heads as HeadStructure).group), (a) => innerAt(orders[followed], d, followedHead(classes, c, followed, a)));
  }
  return new Map(classes.map((cls, c) => [cls.spaces[0], orders[c]]));
}

function shuffled(n: number, random: RandomSource): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** Heads reordered by `heads`, dimensions shuffled within each head. */
function headRespecting(width: number, heads: Int32Array, random: RandomSource): Int32Array {
  const size = width / heads.length;
  const order = new Int32Array(width);
  heads.forEach((sourceHead, targetHead) => {
    const inner = shuffled(size, random);
    inner.forEach((d, i) => (order[targetHead * size + i] = sourceHead * size + d));
  });
  return order;
}
