import { AlignmentGraph, DEFAULT_GRAPH_OPTIONS, GraphBuilder, GraphOptions, MapRef } from '@otfuse/core';
import { Gpt2Config } from './config';
import { GPT2_EMBEDDINGS, GPT2_LM_HEAD, GPT2_LN_F, GPT2_WPE, GPT2_WTE, Gpt2BlockPart, gpt2BlockKey, gpt2Param } from './names';

const weight = (module: string) => gpt2Param(module, 'weight');
const bias = (module: string) => gpt2Param(module, 'bias');
const normParams = (module: string) => [weight(module), bias(module)];

/** The parts of `c_attn` (Q | K | V side by side along its output axis), in stored order. */
const QKV = ['query', 'key', 'value'] as const;

/**
 * The view of a `Conv1D` weight `[in, out]` as the `[out, in]` layer nodes expect: its own name
 * plus `:T`, or `:<part>` for a third of the fused `c_attn`.
 */
export const gpt2ViewName = (module: string, part?: (typeof QKV)[number]) => `${weight(module)}:${part ?? 'T'}`;
/** The view of a third of `c_attn.bias`. */
export const gpt2BiasViewName = (module: string, part: (typeof QKV)[number]) => `${bias(module)}:${part}`;

/**
 * The transport-map flow of a HuggingFace `GPT2LMHeadModel`: the token table `wte` starts the
 * residual stream (its map flows); the position table `wpe` is added to it, so it lives in the
 * stream's features (`featureSpace`) and is aligned by its own columns; pre-LN blocks; `ln_f`;
 * the decoder, which is `wte` itself (tied: it owns nothing, its outputs are the vocabulary).
 * Every `Conv1D` weight is stored `[in, out]`: nodes see `[out, in]` views of it, and Q, K and V
 * are slices of the fused `c_attn` (core writes fused views back into the stored tensors).
 * Activation keys are HuggingFace module names. The decoder being `wte`, `fuseGenerator: false`
 * changes nothing: the head is always the fused token table.
 */
export function gpt2Graph(config: Gpt2Config, _options: GraphOptions = DEFAULT_GRAPH_OPTIONS): AlignmentGraph {
  const g = new GraphBuilder();
  let stream: MapRef = g.embedding({ id: GPT2_WTE, param: weight(GPT2_WTE) });
  g.embedding({ id: GPT2_WPE, param: weight(GPT2_WPE), propagate: false, featureSpace: GPT2_WTE });
  for (let i = 0; i < config.numLayers; i++) stream = block(g, config, i, stream);
  const finalNorm = g.norm({ id: GPT2_LN_F, params: normParams(GPT2_LN_F), input: stream });
  g.linear({ id: GPT2_LM_HEAD, weight: weight(GPT2_WTE), tiedWeight: true, input: finalNorm, fixedOutput: true });
  return g.build();
}

/** A `Conv1D` as a linear node's parameters: its weight viewed `[out, in]`, its bias as stored; described by its own output. */
function conv1d(g: GraphBuilder, module: string) {
  const name = g.view({ name: gpt2ViewName(module), source: weight(module), transposed: true });
  return { weight: name, bias: bias(module), activation: module };
}

/**
 * Q, K or V: a third of `c_attn`'s weight (axis 1 of `[in, 3·hidden]`, viewed `[hidden, in]`) and
 * of its bias. Thirds, not positions: a model of another width reads its own thirds.
 */
function qkvPart(g: GraphBuilder, module: string, j: number) {
  const part = QKV[j];
  const slice = (axis: number) => ({ axis, part: j, parts: QKV.length });
  return {
    weight: g.view({ name: gpt2ViewName(module, part), source: weight(module), slice: slice(1), transposed: true }),
    bias: g.view({ name: gpt2BiasViewName(module, part), source: bias(module), slice: slice(0) }),
    activation: `${module}.${part}`,
  };
}

/** A pre-LN block: ln_1 → attention → junction → ln_2 → c_fc → c_proj → junction. */
function block(g: GraphBuilder, config: Gpt2Config, i: number, input: MapRef): MapRef {
  const key = (part: Gpt2BlockPart) => gpt2BlockKey(i, part);
  const blockInput = i === 0 ? GPT2_EMBEDDINGS : gpt2BlockKey(i - 1);
  const ln1 = g.norm({ id: key('ln_1'), params: normParams(key('ln_1')), input });
  const attention = g.attention({
    id: key('attn'),
    input: ln1,
    heads: config.numHeads,
    q: qkvPart(g, key('attn.c_attn'), 0),
    k: qkvPart(g, key('attn.c_attn'), 1),
    v: qkvPart(g, key('attn.c_attn'), 2),
    o: conv1d(g, key('attn.c_proj')),
  });
  const afterAttention = g.residual({ id: `${key('attn')}+residual`, skip: input, branch: attention, skipActivation: blockInput, branchActivation: key('attn') });
  const ln2 = g.norm({ id: key('ln_2'), params: normParams(key('ln_2')), input: afterAttention });
  const fc = g.linear({ id: key('mlp.c_fc'), ...conv1d(g, key('mlp.c_fc')), input: ln2 });
  const proj = g.linear({ id: key('mlp.c_proj'), ...conv1d(g, key('mlp.c_proj')), input: fc });
  return g.residual({
    id: `${key('mlp')}+residual`,
    skip: afterAttention,
    branch: proj,
    // The skip path carries the block input plus the attention output.
    skipActivation: [blockInput, key('attn')],
    branchActivation: key('mlp.c_proj'),
  });
}
