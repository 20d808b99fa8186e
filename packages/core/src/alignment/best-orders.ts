import { solveAssignment } from '@otfuse/ot';
import type { FeatureOrder } from '../graph/feature-spaces';
import { childHeadOrder, headsInOrder } from '../graph/head-structure';

/** The order maximising Σᵢ S[i][order[i]] for a row-major `n × n` similarity (the assignment of its negation). */
export function maximisingOrder(similarity: Float64Array, n: number): FeatureOrder {
  const cost = new Float64Array(n * n);
  for (let i = 0; i < cost.length; i++) cost[i] = -similarity[i];
  return solveAssignment(cost, n).rowToColumn;
}

/** Σᵢ S[i][order[i]], and Σᵢ |S[i][order[i]]|, the scale its rounding is relative to. */
export function orderScore(similarity: Float64Array, n: number, order: FeatureOrder): { score: number; magnitude: number } {
  let score = 0;
  let magnitude = 0;
  for (let i = 0; i < n; i++) {
    const s = similarity[i * n + order[i]];
    score += s;
    magnitude += Math.abs(s);
  }
  return { score, magnitude };
}

/** One class of a head block, as `headBlockOrders` reads it. */
export interface HeadBlockClass {
  /** Row-major `width × width`: anchor feature i against model feature j. */
  similarity: Float64Array;
  width: number;
  /** 0: the block's root group; k ≥ 1: its child group k − 1. */
  group: number;
  /** Inside a head: reordered, kept, or ordered as the class at that index of the block (in its own group, or the root group for a child). */
  inner: 'free' | 'fixed' | { follows: number };
}

/**
 * The best orders, jointly, for a block of classes whose features are heads that move together:
 * `heads` heads in the root group, and child groups (`perParent[k]` heads under each root head,
 * moved with it, reordered only inside its block). For every anchor root head a and model root
 * head b, the pair scores:
 * - per child group, the best assignment of a's child heads to b's, each child pair scoring what
 *   its classes score (a fixed class its diagonal, a free one its best within-head assignment, a
 *   class following a root class its best within-head assignment too, as an estimate);
 * - per root class, its diagonal when fixed, else its best within-head assignment of its block
 *   plus the blocks of the classes that follow it (at the matched child pairs): one inner order
 *   for the followed head and its followers.
 * An assignment over root heads then picks the head order. Without child groups, fixed or
 * following classes, this is exact (the within-head choices are independent); with them, the
 * child matching is chosen before the followed inner orders, which is exact on a permuted copy.
 */
export function headBlockOrders(classes: readonly HeadBlockClass[], heads: number, perParent: readonly number[]): FeatureOrder[] {
  const followers = classes.map((_, c) => classes.flatMap((other, f) => (typeof other.inner === 'object' && other.inner.follows === c ? [f] : [])));
  const groupHeads = [heads, ...perParent.map((r) => heads * r)];
  const headSize = classes.map((cls) => cls.width / groupHeads[cls.group]);
  /** Per class, its inner order for each (anchor head, model head) pair of its group it was solved for. */
  const within = classes.map(() => new Map<number, FeatureOrder>());
  /** Per child group, the matching of child heads for each root pair. */
  const matches = perParent.map(() => new Map<number, FeatureOrder>());
  const pairScore = new Float64Array(heads * heads);
  const solveWithin = (c: number, a: number, b: number, pairsOf: (f: number) => [number, number][]): number => {
    const d = headSize[c];
    const block = new Float64Array(d * d);
    for (const f of [c, ...followers[c]]) for (const [af, bf] of f === c ? [[a, b] as [number, number]] : pairsOf(f)) addBlock(block, classes[f], d, af, bf);
    const { rowToColumn, cost } = solveAssignment(block, d);
    within[c].set(a * groupHeads[classes[c].group] + b, rowToColumn);
    return cost;
  };
  for (let a = 0; a < heads; a++) {
    for (let b = 0; b < heads; b++) {
      let score = 0;
      const matched = perParent.map((r, k) => {
        const own = new Float64Array(r * r);
        const estimate = new Float64Array(r * r);
        classes.forEach((cls, c) => {
          if (cls.group !== k + 1 || (typeof cls.inner === 'object' && classes[cls.inner.follows].group === cls.group)) return;
          const followsRoot = typeof cls.inner === 'object';
          for (let i = 0; i < r; i++) {
            for (let j = 0; j < r; j++) {
              const [ac, bc] = [a * r + i, b * r + j];
              const s = cls.inner === 'fixed' ? diagonal(cls, headSize[c], ac, bc) : followsRoot ? -assignmentCost(cls, headSize[c], ac, bc) : -solveWithin(c, ac, bc, () => [[ac, bc]]);
              if (!followsRoot) own[i * r + j] += s;
              estimate[i * r + j] += s;
            }
          }
        });
        const match = maximisingOrder(estimate, r);
        matches[k].set(a * heads + b, match);
        for (let i = 0; i < r; i++) score += own[i * r + match[i]];
        return match;
      });
      classes.forEach((cls, c) => {
        if (cls.group !== 0 || typeof cls.inner === 'object') return;
        if (cls.inner === 'fixed') score += diagonal(cls, headSize[c], a, b);
        else {
          score -= solveWithin(c, a, b, (f) => {
            const k = classes[f].group - 1;
            return k < 0 ? [[a, b]] : Array.from(matched[k], (j, i) => [a * perParent[k] + i, b * perParent[k] + j]);
          });
        }
      });
      pairScore[a * heads + b] = score;
    }
  }
  const headOrder = maximisingOrder(pairScore, heads);
  const groupOrders = [headOrder, ...perParent.map((r, k) => childHeadOrder(headOrder, r, (p) => matches[k].get(p * heads + headOrder[p]) as FeatureOrder))];
  return classes.map((cls, c) => {
    const order = groupOrders[cls.group];
    if (cls.inner === 'fixed') return headsInOrder(cls.width, order, () => undefined);
    const t = typeof cls.inner === 'object' ? cls.inner.follows : c;
    const n = groupHeads[classes[t].group];
    const head = (a: number) => (classes[t].group === cls.group ? a : Math.floor(a / perParent[cls.group - 1]));
    return headsInOrder(cls.width, order, (a) => within[t].get(head(a) * n + groupOrders[classes[t].group][head(a)]));
  });
}

/** `block −= S` over the `d × d` block of anchor head a and model head b (a cost to minimise). */
function addBlock(block: Float64Array, cls: HeadBlockClass, d: number, a: number, b: number): void {
  for (let t = 0; t < d; t++) {
    const row = (a * d + t) * cls.width + b * d;
    for (let u = 0; u < d; u++) block[t * d + u] -= cls.similarity[row + u];
  }
}

function assignmentCost(cls: HeadBlockClass, d: number, a: number, b: number): number {
  const block = new Float64Array(d * d);
  addBlock(block, cls, d, a, b);
  return solveAssignment(block, d).cost;
}

/** Σₜ S[a·d + t][b·d + t]: heads a and b matched with nothing moved inside. */
function diagonal(cls: HeadBlockClass, d: number, a: number, b: number): number {
  let sum = 0;
  for (let t = 0; t < d; t++) sum += cls.similarity[(a * d + t) * cls.width + b * d + t];
  return sum;
}
