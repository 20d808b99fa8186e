import { solveAssignment } from '@otfuse/ot';
import type { FeatureOrder } from '../graph/feature-spaces';

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

/**
 * The best orders, jointly, for classes whose features are `heads` equal heads that move
 * together: each class's order places whole heads by one shared head order and permutes
 * features within each head. For every anchor head a and model head b, the pair scores the sum
 * over the classes of the best within-head assignment of their `d × d` block; an assignment over
 * heads then picks the head order, which is optimal since the within-head choices are independent.
 */
export function headRespectingOrders(similarities: readonly Float64Array[], widths: readonly number[], heads: number): FeatureOrder[] {
  const pairScore = new Float64Array(heads * heads);
  const withinHead = similarities.map((similarity, c) => {
    const width = widths[c];
    const d = width / heads;
    const block = new Float64Array(d * d);
    const orders: FeatureOrder[] = [];
    for (let a = 0; a < heads; a++) {
      for (let b = 0; b < heads; b++) {
        for (let t = 0; t < d; t++) {
          const row = (a * d + t) * width + b * d;
          for (let u = 0; u < d; u++) block[t * d + u] = -similarity[row + u];
        }
        const { rowToColumn, cost } = solveAssignment(block, d);
        orders.push(rowToColumn);
        pairScore[a * heads + b] -= cost;
      }
    }
    return orders;
  });
  const headOrder = maximisingOrder(pairScore, heads);
  return withinHead.map((orders, c) => {
    const d = widths[c] / heads;
    const order = new Int32Array(widths[c]);
    for (let a = 0; a < heads; a++) {
      const inHead = orders[a * heads + headOrder[a]];
      for (let t = 0; t < d; t++) order[a * d + t] = headOrder[a] * d + inHead[t];
    }
    return order;
  });
}
