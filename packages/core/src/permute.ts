import { applyFeatureOrders } from './alignment/apply-orders';
import type { FeatureOrder, PermutationStructure } from './graph/feature-spaces';
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

/** One random order per class; classes sharing a head group move their heads the same way. */
export function randomFeatureOrders(structure: PermutationStructure, random: RandomSource): Map<string, FeatureOrder> {
  const headOrders = new Map<string, Int32Array>();
  const orders = new Map<string, FeatureOrder>();
  for (const cls of structure.classes) {
    if (!cls.heads) {
      orders.set(cls.spaces[0], shuffled(cls.width, random));
      continue;
    }
    const { count, group } = cls.heads;
    if (!headOrders.has(group)) headOrders.set(group, shuffled(count, random));
    orders.set(cls.spaces[0], headRespecting(cls.width, headOrders.get(group) as Int32Array, random));
  }
  return orders;
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
