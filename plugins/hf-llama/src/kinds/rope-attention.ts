import * as tf from '@tensorflow/tfjs';
import {
  AlignContext,
  Aligned,
  FusionError,
  GraphNode,
  InputAligned,
  MapRef,
  NeuronDescriptions,
  NodeKind,
  PermutedAxis,
  SolvedMap,
  alignOutputs,
  alignProjection,
  definedRefs,
  expectDim,
  inputWidth,
  keepOutputs,
  loadInputAligned,
  projectionAxes,
  projectionWidth,
  shapeOf,
} from '@otfuse/core';
import { costBlock, grouped, spread, spreadCost, transportCost } from './head-blocks';

/** A projection's stored names and the activation key of its output. */
export interface AttentionProjection {
  weight: string;
  bias?: string;
  activation?: string;
}

/**
 * Llama's self-attention: rotary position embeddings (RoPE) on queries and keys, grouped-query
 * attention. Q `[heads·d, in]`, K and V `[kvHeads·d, in]`, O `[out, heads·d]`; query head h reads
 * KV head ⌊h / (heads / kvHeads)⌋, so the query heads of KV group g are `g·r … g·r + r − 1`.
 * `heads` and `kvHeads` are the graph's model's (the anchor's); another model may have other
 * counts of heads of the same size `d`, read from its shapes (heterogeneous fusion).
 */
export interface RopeAttentionNode extends GraphNode {
  kind: 'rope-gqa-attention';
  id: string;
  input: MapRef;
  q: AttentionProjection;
  k: AttentionProjection;
  v: AttentionProjection;
  o: AttentionProjection;
  heads: number;
  kvHeads: number;
  headDim: number;
  fixedOutput?: boolean;
}

const projections = (node: RopeAttentionNode) => [node.q, node.k, node.v, node.o];

/** Per-feature descriptions of one projection's outputs (its activations, or its input-aligned weight rows). */
function describe(node: RopeAttentionNode, ctx: AlignContext, spec: AttentionProjection, aligned: InputAligned, what: string): [NeuronDescriptions, NeuronDescriptions] {
  const label = `${node.id} › ${what}`;
  if (ctx.options.mode === 'acts') {
    if (!spec.activation) throw new FusionError('MISSING_ACTIVATION', `activation mode needs activations of '${spec.weight}', and the graph names none`, [node.id]);
    return ctx.describeByActivations(spec.activation, label);
  }
  const rows = (t: tf.Tensor): NeuronDescriptions => ({ count: t.shape[0], dim: t.size / t.shape[0], data: t.dataSync() as Float32Array });
  const anchor = ctx.anchor.tensor(spec.weight);
  try {
    return [rows(aligned.weight), rows(anchor)];
  } finally {
    anchor.dispose();
  }
}

/**
 * Aligns one model's attention to the anchor's without ever mixing dimensions inside a Q/K head:
 * RoPE rotates dimension j with j + d/2 at a frequency of its own, so only whole heads may move.
 * 1. Each KV group (its K head, its query heads, its V head) is matched as a unit: the group
 *    cost is the cost between the K heads (each head one description, its d features side by
 *    side), plus the transport cost of the best matching of the two groups' query heads, plus
 *    that of the two V heads' dimensions; one OT map over groups follows (`› KV groups`).
 * 2. Within each pair of groups, query heads are matched by their own OT map, and V dimensions
 *    by theirs (V dimensions are free: nothing rotates them).
 * 3. Q's map is `kron(head map, I_d)`, K's `kron(group map, I_d)`: every head-pair block is a
 *    multiple of the identity. V's map has blocks `group[g, g'] · V map(g, g')`; O's input map
 *    follows V's for each query head, and O solves its output map as a linear layer does.
 * With exact OT on a permuted copy every map is a permutation and the copy comes back exactly.
 * Models with other head counts (heads of the same d) fuse the same way: the group map is
 * `G0 × G1`, each pair of groups' query-head map `r0 × r1` (r = heads per KV head in each model),
 * so query heads stay with their group and every Q/K block is still a multiple of the identity.
 */
function alignRopeAttention(node: RopeAttentionNode, ctx: AlignContext): Aligned {
  const d = node.headDim;
  // Each model's own head counts: the aligned model's may differ from the anchor's (rows of heads of d).
  const [heads0, heads1] = [ctx.model, ctx.anchor].map((m) => m.shape(node.q.weight)[0] / d);
  const [kvHeads0, kvHeads1] = [ctx.model, ctx.anchor].map((m) => m.shape(node.k.weight)[0] / d);
  const [r0, r1] = [heads0 / kvHeads0, heads1 / kvHeads1];
  const inputMap = ctx.inputMap(node.input);
  const loaded = [node.q, node.k, node.v].map((p) => loadInputAligned(ctx, p.weight, p.bias, inputMap));
  const [q, k, v] = loaded;
  const params = new Map<string, tf.Tensor>();
  let valueOfHead: (h0: number, h1: number) => SolvedMap['map'];
  let headMap: SolvedMap['map'];
  try {
    const [q0, q1] = describe(node, ctx, node.q, q, 'Q');
    const [k0, k1] = describe(node, ctx, node.k, k, 'K');
    const [v0, v1] = describe(node, ctx, node.v, v, 'V');
    const widths = [[q0, heads0 * d, 'Q'], [q1, heads1 * d, 'Q'], [k0, kvHeads0 * d, 'K'], [k1, kvHeads1 * d, 'K'], [v0, kvHeads0 * d, 'V'], [v1, kvHeads1 * d, 'V']] as const;
    for (const [desc, width, what] of widths) {
      if (desc.count !== width) throw new FusionError('SHAPE_MISMATCH', `${what} is described by ${desc.count} features, expected ${width} (its projection's rows)`, [node.id]);
    }
    const request = (label: string) => ({ label: `${node.id} › ${label}`, widening: false });
    const queryCost = ctx.groundCost(grouped(q0, d), grouped(q1, d), `${node.id} › Q heads`);
    const keyCost = ctx.groundCost(grouped(k0, d), grouped(k1, d), `${node.id} › K heads`);
    const valueCost = ctx.groundCost(v0, v1, `${node.id} › V`);
    const pairs = <T>(f: (g0: number, g1: number) => T) => Array.from({ length: kvHeads0 }, (_, g0) => Array.from({ length: kvHeads1 }, (_, g1) => f(g0, g1)));
    const queryMaps = pairs((g0, g1) => ctx.solveCost(costBlock(queryCost, heads1, [g0 * r0, (g0 + 1) * r0], [g1 * r1, (g1 + 1) * r1]), r0, r1, request('Q heads in group')));
    const valueMaps = pairs((g0, g1) => ctx.solveCost(costBlock(valueCost, kvHeads1 * d, [g0 * d, (g0 + 1) * d], [g1 * d, (g1 + 1) * d]), d, d, request('V in head')));
    const groupCost = new Float32Array(kvHeads0 * kvHeads1);
    for (let g0 = 0; g0 < kvHeads0; g0++) {
      for (let g1 = 0; g1 < kvHeads1; g1++) {
        groupCost[g0 * kvHeads1 + g1] = keyCost[g0 * kvHeads1 + g1] + transportCost(queryMaps[g0][g1]) + transportCost(valueMaps[g0][g1]);
      }
    }
    const groups = ctx.solveCost(groupCost, kvHeads0, kvHeads1, request('KV groups'));
    ctx.recordMap(`${node.id} › KV groups`, groups);
    headMap = spread(groups.map, r0, r1, (g0, g1) => queryMaps[g0][g1].map);
    const valueMap = spread(groups.map, d, d, (g0, g1) => valueMaps[g0][g1].map);
    valueOfHead = (h0, h1) => valueMaps[Math.floor(h0 / r0)][Math.floor(h1 / r1)].map;
    const queryMap = { map: spread(headMap, d, d), cost: spreadCost(queryCost, heads0, heads1, d, d) };
    const keyMap = { map: spread(groups.map, d, d), cost: spreadCost(keyCost, kvHeads0, kvHeads1, d, d) };
    ctx.recordMap(`${node.id} › Q`, queryMap);
    ctx.recordMap(`${node.id} › K`, keyMap);
    ctx.recordMap(`${node.id} › V`, { map: valueMap, cost: valueCost });
    alignOutputs(q, queryMap.map).forEach((t, n) => params.set(n, t));
    alignOutputs(k, keyMap.map).forEach((t, n) => params.set(n, t));
    alignOutputs(v, valueMap).forEach((t, n) => params.set(n, t));
  } catch (error) {
    tf.dispose(loaded.flatMap((p) => (p.bias ? [p.weight, p.bias] : [p.weight])));
    tf.dispose([...params.values()]);
    throw error;
  }
  // O reads, for each query head, the values of its KV head in that head's V map.
  const outputInput = spread(headMap, d, d, valueOfHead);
  if (node.fixedOutput) {
    keepOutputs(loadInputAligned(ctx, node.o.weight, node.o.bias, outputInput)).forEach((t, n) => params.set(n, t));
    return { params, map: null };
  }
  const output = alignProjection(ctx, node.o, outputInput, `${node.id} › O`);
  output.params.forEach((t, n) => params.set(n, t));
  return { params, map: output.map };
}

/**
 * The attention's inner feature spaces. Query heads are grouped under KV heads (`parent`: query
 * head h reads KV head ⌊h / r⌋), so a KV-group permutation moves a K head, its V head and its r
 * query heads together, and query heads may move inside their group. Q and K heads are `fixed`
 * inside: RoPE pairs dimension j with j + d/2. V's dimensions are free inside a head (nothing
 * rotates them), and O's input, query head h's slice of which is a mix of KV head ⌊h / r⌋'s
 * values, moves its slices with the query heads and `follows` V's inner order.
 */
function innerSpaces(node: RopeAttentionNode) {
  const kv = { count: node.kvHeads, group: `${node.id}:kv-heads` };
  const query = { count: node.heads, group: `${node.id}:query-heads`, parent: { group: kv.group, perParent: node.heads / node.kvHeads } };
  const ids = { q: `${node.id}:q`, k: `${node.id}:k`, v: `${node.id}:v`, o: `${node.id}:o-input` };
  return {
    ids,
    spaces: [
      { id: ids.q, heads: { ...query, within: 'fixed' as const } },
      { id: ids.k, heads: { ...kv, within: 'fixed' as const } },
      { id: ids.v, heads: kv },
      { id: ids.o, heads: { ...query, within: { follows: ids.v } } },
    ],
  };
}

/**
 * RoPE grouped-query attention as a node kind.
 *
 * Its function-preserving permutations are: KV groups reordered (K, V and the group's query
 * heads together), query heads reordered inside a group, V dimensions reordered inside a head
 * (O's input columns with them, for every query head of the group), and never a dimension inside
 * a Q/K head. `permutation` declares exactly these (`innerSpaces`), so `permuteModel` draws them
 * and weight matching undoes them, as `align` does with OT.
 */
export const ROPE_GQA_ATTENTION: NodeKind<RopeAttentionNode> = {
  kind: 'rope-gqa-attention',
  description: 'RoPE grouped-query self-attention (Llama): KV groups matched whole with their query heads, Q/K heads never split',
  ownedParameters: (node) => projections(node).flatMap((p) => (p.bias ? [p.weight, p.bias] : [p.weight])),
  mapInputs: (node) => definedRefs(node.input),
  activationKeys: (node) => ({ alignment: definedRefs(...projections(node).map((p) => p.activation)), residual: [] }),
  fixedOutput: (node) => node.fixedOutput === true,
  validate(node) {
    if (!(node.heads > 0 && node.kvHeads > 0 && node.heads % node.kvHeads === 0)) {
      throw new FusionError('GRAPH_INVALID', `${node.kvHeads} KV heads do not divide ${node.heads} query heads`, [node.id]);
    }
    if (!(node.headDim > 0 && node.headDim % 2 === 0)) throw new FusionError('GRAPH_INVALID', `RoPE needs an even head size, got ${node.headDim}`, [node.id]);
  },
  checkShapes(node, shapes, widths) {
    const label = `the incoming width (from '${node.input}')`;
    const incoming = inputWidth(node.input, widths);
    const d = node.headDim;
    const q = projectionWidth(node.q, shapes, incoming, label);
    const k = projectionWidth(node.k, shapes, incoming, label);
    expectDim(node.v.weight, shapeOf(shapes, node.v.weight), 0, k, 'the key width');
    projectionWidth(node.v, shapes, incoming, label);
    // Head counts are each model's own (the anchor's may be fewer); the head size and the grouping are not.
    if (q % d !== 0 || k % d !== 0) throw new FusionError('SHAPE_MISMATCH', `query width ${q} and key width ${k} must be whole heads of ${d}`, [node.q.weight, node.k.weight]);
    if ((q / d) % (k / d) !== 0) throw new FusionError('SHAPE_MISMATCH', `${k / d} KV heads do not divide ${q / d} query heads`, [node.q.weight, node.k.weight]);
    return projectionWidth(node.o, shapes, q, `${q / d} heads of ${d}`);
  },
  align: alignRopeAttention,
  permutation(node) {
    const output = node.fixedOutput ? null : node.id;
    const { ids, spaces } = innerSpaces(node);
    const axes: PermutedAxis[] = [
      ...projectionAxes(node.q, node.input, ids.q),
      ...projectionAxes(node.k, node.input, ids.k),
      ...projectionAxes(node.v, node.input, ids.v),
      ...projectionAxes(node.o, ids.o, output),
    ];
    return { spaces: output ? [{ id: output }, ...spaces] : spaces, joins: [], axes, copies: [] };
  },
  drawing: { fill: '#fbefff', stroke: '#8250df', what: 'RoPE GQA attention' },
};
