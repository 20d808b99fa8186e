import * as tf from '@tensorflow/tfjs';
import { emd } from '@otfuse/ot';
import { FusionError } from '../../errors';
import type { AttentionNode } from '../../graph/nodes';
import type { NeuronDescriptions, SolvedMap } from '../map-solver';
import type { TransportMap } from '../transport-map';
import type { AlignContext } from './context';
import { type InputAligned, alignOutputs, describeProjection, isWidening, loadInputAligned } from './projection';

/** The `[rows, cols]` block of a row-major `n0 × n1` cost. */
function block(cost: Float32Array, n1: number, rows: [number, number], cols: [number, number]): Float32Array {
  const out = new Float32Array((rows[1] - rows[0]) * (cols[1] - cols[0]));
  for (let i = rows[0]; i < rows[1]; i++) out.set(cost.subarray(i * n1 + cols[0], i * n1 + cols[1]), (i - rows[0]) * (cols[1] - cols[0]));
  return out;
}

/** Σ plan·cost of a map rescaled by its row count (the plan's own transport cost). */
function transportCost(solved: SolvedMap): number {
  let total = 0;
  for (let e = 0; e < solved.map.data.length; e++) total += solved.map.data[e] * solved.cost[e];
  return total / solved.map.n0;
}

/** Head pair → the within-head map of one projection family (QK or V) and its cost. */
type PairMaps = SolvedMap[][];

/** The within-head maps of every head pair, solved on blocks of one cost for all the features (so costs compare across pairs). */
function pairMaps(ctx: AlignContext, d0: NeuronDescriptions, d1: NeuronDescriptions, heads: number, label: string, inputMap: TransportMap | null): PairMaps {
  const cost = ctx.groundCost(d0, d1, label);
  const [s0, s1] = [d0.count / heads, d1.count / heads];
  return Array.from({ length: heads }, (_, a) =>
    Array.from({ length: heads }, (_, b) =>
      ctx.solveCost(block(cost, d1.count, [a * s0, (a + 1) * s0], [b * s1, (b + 1) * s1]), s0, s1, { label, widening: isWidening(d0.count, d1.count, inputMap) }),
    ),
  );
}

/** The block-diagonal map (in head order `match`) built from the matched pairs' within-head maps. */
function assemble(pairs: PairMaps, match: number[], n0: number, n1: number): SolvedMap {
  const heads = match.length;
  const [s0, s1] = [n0 / heads, n1 / heads];
  const data = new Float32Array(n0 * n1);
  const cost = new Float32Array(n0 * n1);
  match.forEach((b, a) => {
    const { map, cost: c } = pairs[a][b];
    for (let i = 0; i < s0; i++) {
      data.set(map.data.subarray(i * s1, (i + 1) * s1), (a * s0 + i) * n1 + b * s1);
      cost.set(c.subarray(i * s1, (i + 1) * s1), (a * s0 + i) * n1 + b * s1);
    }
  });
  return { map: { n0, n1, data }, cost };
}

/**
 * Head-aware attention alignment (ours; the paper's code lets features mix across heads): whole
 * heads are matched first, by exact OT on the summed within-head costs of Q·K and V, then each
 * matched pair's dimensions are aligned, Q and K by one map (their dot product must survive),
 * V by its own. The maps are block-structured: no feature leaves its head. Returns the Q, K, V
 * parameters and the value map the output projection takes.
 */
export function alignHeadAware(node: AttentionNode, ctx: AlignContext, inputMap: TransportMap | null, describeQk: (q: InputAligned, k: InputAligned) => [NeuronDescriptions, NeuronDescriptions]): { params: Map<string, tf.Tensor>; valueMap: TransportMap } {
  const q = loadInputAligned(ctx, node.q.weight, node.q.bias, inputMap);
  const k = loadInputAligned(ctx, node.k.weight, node.k.bias, inputMap);
  const v = loadInputAligned(ctx, node.v.weight, node.v.bias, inputMap);
  try {
    const heads = node.heads;
    const [qk0, qk1] = describeQk(q, k);
    const [v0, v1] = describeProjection(ctx, v, node.v.activation, `${node.id} › V`);
    for (const d of [qk0, qk1, v0, v1]) {
      if (d.count % heads !== 0) throw new FusionError('SHAPE_MISMATCH', `${d.count} features do not split into ${heads} heads`, [node.id]);
    }
    const qkPairs = pairMaps(ctx, qk0, qk1, heads, `${node.id} › QK`, inputMap);
    const vPairs = pairMaps(ctx, v0, v1, heads, `${node.id} › V`, inputMap);
    // Whole heads first: a permutation of heads by exact OT on the summed pair costs.
    const headCost = new Float64Array(heads * heads);
    for (let a = 0; a < heads; a++) for (let b = 0; b < heads; b++) headCost[a * heads + b] = transportCost(qkPairs[a][b]) + transportCost(vPairs[a][b]);
    const uniform = new Float64Array(heads).fill(1 / heads);
    const plan = emd(uniform, uniform, headCost).plan;
    const match = Array.from({ length: heads }, (_, a) => {
      let best = 0;
      for (let b = 1; b < heads; b++) if (plan[a * heads + b] > plan[a * heads + best]) best = b;
      return best;
    });
    const qkMap = assemble(qkPairs, match, qk0.count, qk1.count);
    const valueMap = assemble(vPairs, match, v0.count, v1.count);
    ctx.recordMap(`${node.id} › Q`, qkMap);
    ctx.recordMap(`${node.id} › K`, qkMap);
    ctx.recordMap(`${node.id} › V`, valueMap);
    const params = new Map([...alignOutputs(q, qkMap.map), ...alignOutputs(k, qkMap.map), ...alignOutputs(v, valueMap.map)]);
    return { params, valueMap: valueMap.map };
  } catch (error) {
    for (const t of [q.weight, q.bias, k.weight, k.bias, v.weight, v.bias]) t?.dispose();
    throw error;
  }
}
