import { SeededRandom } from '@otfuse/extension';
import type { HostProductTransposed } from '../engine/cross-gram';
import { FusionError, formatShape } from '../errors';
import type { FeatureOrder, PermutationClass, PermutationStructure } from '../graph/feature-spaces';
import { innerOrderOf } from '../graph/head-structure';
import type { ModelWeights } from '../weights';
import { headBlockOrders, maximisingOrder, orderScore } from './best-orders';
import { identityOrder } from './class-orders';
import { readHost, shapesOf } from './host-weights';
import { MatchingSimilarities, type ParameterPair } from './matching-similarities';
import { className, permutedParameters } from './permuted-parameters';

export interface WeightMatchingOptions {
  /** Sweeps over all classes at most (default 100). */
  maxIterations?: number;
  /** Seeds the order in which each sweep visits the classes. */
  seed: number;
  /** `A·Bᵀ` of host matrices (e.g. a native matmul); without it products run on TensorFlow.js. */
  hostProduct?: HostProductTransposed;
  onProgress?: (progress: WeightMatchingProgress) => void;
}

/** Reported after each sweep. */
export interface WeightMatchingProgress {
  /** Sweeps done, from 1. */
  iteration: number;
  /**
   * Σ over permuted parameters of ⟨anchor, permuted model⟩: never lower than after the sweep
   * before, unless a parameter carries the classes solved together on two of its axes (then
   * each class's similarity is a linearisation, as in the paper).
   */
  objective: number;
  /** Classes whose order the sweep changed. */
  changed: string[];
}

export interface WeightMatchingResult {
  /** An order for every class, by class name; `applyFeatureOrders` with them brings the model closest to the anchor. */
  orders: Map<string, FeatureOrder>;
  iterations: number;
  /** Whether the last sweep changed no order (rather than stopping at `maxIterations`). */
  converged: boolean;
}

export const DEFAULT_MAX_ITERATIONS = 100;

/**
 * A class's orders change only when the new ones raise its score Σᵢ S[i][order[i]] by more than
 * this fraction of Σᵢ |S[i][order[i]]|. S comes from float32 products, so a smaller gain is
 * rounding; and equal-scoring optima would otherwise swap back and forth without end. With it,
 * "a sweep changed no order" is the stopping rule, and every change raises the objective.
 */
const RELATIVE_GAIN_TOLERANCE = 1e-6;

/**
 * Weight matching (Ainsworth, Hayase, Srinivasa, "Git Re-Basin", ICLR 2023, §3.2, Algorithm 1):
 * the feature orders that bring `model` closest to `anchor`, from the weights alone. Coordinate
 * descent: each sweep visits the classes in a seeded random order, and gives each the order
 * maximising its similarity to the anchor with every other class's current order applied (a
 * linear assignment), until a sweep changes nothing or `maxIterations` sweeps have run. Classes
 * grouped into heads keep whole heads together, and classes sharing a head group are solved
 * together with one head order (a group with a parent with its parent's: `headBlockOrders`). Starts from the identity; the models must have the same shapes.
 */
export function matchWeights(structure: PermutationStructure, model: ModelWeights, anchor: ModelWeights, options: WeightMatchingOptions): WeightMatchingResult {
  const maxIterations = options.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) throw new FusionError('BAD_OPTION', `maxIterations must be a positive integer, got ${maxIterations}`);
  if (!Number.isSafeInteger(options.seed)) throw new FusionError('BAD_OPTION', `seed must be a safe integer, got ${options.seed}`);
  const similarities = new MatchingSimilarities(structure.classes, parameterPairs(structure, model, anchor), options.hostProduct);
  const { classes } = structure;
  const orders = classes.map((cls) => identityOrder(cls.width));
  const blocks = matchingBlocks(classes);
  const inputs = blocks.map((block) => [...new Set(block.flatMap((c) => [...similarities.inputsOf(c)]))]);
  // Steps at which each block was last solved and each class's order last changed: a block whose
  // inputs are unchanged since would be given the orders it already has, so it is skipped.
  let step = 0;
  const solvedAt = blocks.map(() => -1);
  const changedAt = classes.map(() => -1);
  const random = new SeededRandom(options.seed);
  let iterations = 0;
  let converged = false;
  while (!converged && iterations < maxIterations) {
    iterations++;
    const changed: string[] = [];
    for (const b of random.shuffle(blocks.map((_, i) => i))) {
      if (solvedAt[b] >= 0 && inputs[b].every((c) => changedAt[c] <= solvedAt[b])) continue;
      solvedAt[b] = ++step;
      const better = improvedOrders(blocks[b], classes, similarities, orders);
      if (!better) continue;
      step++;
      blocks[b].forEach((c, k) => {
        if (better[k].every((feature, i) => feature === orders[c][i])) return;
        changed.push(className(classes[c]));
        orders[c] = better[k];
        changedAt[c] = step;
      });
    }
    converged = changed.length === 0;
    // The objective costs a pass over every parameter: only computed for a listener (`?.` skips the arguments).
    options.onProgress?.({ iteration: iterations, objective: similarities.objective(orders), changed });
  }
  return { orders: new Map(classes.map((cls, c) => [className(cls), orders[c]])), iterations, converged };
}

/** Both models' values of every permuted parameter, checked against the structure and each other. */
function parameterPairs(structure: PermutationStructure, model: ModelWeights, anchor: ModelWeights): ParameterPair[] {
  const inModel = permutedParameters(structure, shapesOf(model), 'the model');
  const anchorShapes = new Map(permutedParameters(structure, shapesOf(anchor), 'the anchor').map((p) => [p.name, p.shape]));
  return inModel.map((p) => {
    const anchorShape = anchorShapes.get(p.name) as readonly number[];
    if (formatShape(anchorShape) !== formatShape(p.shape)) {
      throw new FusionError('SHAPE_MISMATCH', `'${p.name}' is ${formatShape(p.shape)} in the model but ${formatShape(anchorShape)} in the anchor; weight matching needs equal shapes`);
    }
    return { ...p, model: readHost(model, p.name), anchor: readHost(anchor, p.name) };
  });
}

/**
 * Class indices solved together: a head group's classes share one head order, and a group with a
 * parent is solved with its parent's (its heads move with the parent's); any other class stands alone.
 */
function matchingBlocks(classes: readonly PermutationClass[]): number[][] {
  const blocks: number[][] = [];
  const byGroup = new Map<string, number[]>();
  classes.forEach((cls, c) => {
    const root = cls.heads?.parent?.group ?? cls.heads?.group;
    const group = root === undefined ? undefined : byGroup.get(root);
    if (group) group.push(c);
    else {
      const block = [c];
      blocks.push(block);
      if (root !== undefined) byGroup.set(root, block);
    }
  });
  return blocks;
}

/** A head block's classes as `headBlockOrders` reads them, with its root head count and its child groups' heads per parent head. */
function headBlock(block: readonly number[], classes: readonly PermutationClass[], matrices: readonly Float64Array[]) {
  const root = classes[block[0]].heads?.parent?.group ?? (classes[block[0]].heads?.group as string);
  const children: string[] = [];
  const perParent: number[] = [];
  let heads = 0;
  for (const c of block) {
    const h = classes[c].heads as NonNullable<PermutationClass['heads']>;
    if (h.group === root) heads = h.count;
    else if (!children.includes(h.group)) {
      children.push(h.group);
      perParent.push((h.parent as { perParent: number }).perParent);
    }
  }
  const members = block.map((c, k) => {
    const inner = innerOrderOf(classes, c);
    const group = (classes[c].heads as { group: string }).group;
    return {
      similarity: matrices[k],
      width: classes[c].width,
      group: group === root ? 0 : children.indexOf(group) + 1,
      inner: typeof inner === 'object' ? { follows: block.indexOf(inner.follows) } : inner,
    };
  });
  return { members, heads, perParent };
}

/** The block's best orders given everyone else's, or undefined when they do not beat the current ones. */
function improvedOrders(block: readonly number[], classes: readonly PermutationClass[], similarities: MatchingSimilarities, orders: readonly FeatureOrder[]): FeatureOrder[] | undefined {
  const widths = block.map((c) => classes[c].width);
  const matrices = block.map((c) => similarities.similarity(c, orders));
  let proposed: FeatureOrder[];
  if (classes[block[0]].heads) {
    const { members, heads, perParent } = headBlock(block, classes, matrices);
    proposed = headBlockOrders(members, heads, perParent);
  } else proposed = [maximisingOrder(matrices[0], widths[0])];
  let gain = 0;
  let magnitude = 0;
  block.forEach((c, k) => {
    const now = orderScore(matrices[k], widths[k], orders[c]);
    const next = orderScore(matrices[k], widths[k], proposed[k]);
    gain += next.score - now.score;
    magnitude += Math.max(now.magnitude, next.magnitude);
  });
  return gain > RELATIVE_GAIN_TOLERANCE * magnitude ? proposed : undefined;
}
