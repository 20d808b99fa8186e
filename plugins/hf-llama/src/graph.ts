import { AlignmentGraph, DEFAULT_GRAPH_OPTIONS, GraphBuilder, GraphOptions } from '@otfuse/core';
import { LlamaConfig } from './config';
import { RopeAttentionNode } from './kinds/rope-attention';
import { SwigluNode } from './kinds/swiglu';
import { registerLlamaKinds } from './kinds';
import { LLAMA_EMBED_TOKENS, LLAMA_LM_HEAD, LLAMA_NORM, LlamaLayerPart, llamaLayerKey } from './names';

const weight = (module: string) => `${module}.weight`;

/**
 * The transport-map flow of a `LlamaForCausalLM`: the token embeddings open the residual stream;
 * each pre-norm block is RMSNorm (core's `norm`, one γ) → RoPE GQA attention → junction →
 * RMSNorm → SwiGLU MLP → junction; then the final RMSNorm and `lm_head` (fixed outputs, the
 * vocabulary), which a tied model does not have (its logits read the fused embedding table).
 */
export function llamaGraph(config: LlamaConfig, options: GraphOptions = DEFAULT_GRAPH_OPTIONS): AlignmentGraph {
  registerLlamaKinds();
  const g = new GraphBuilder();
  const projection = (module: string, bias: boolean) => ({ weight: weight(module), ...(bias ? { bias: `${module}.bias` } : {}), activation: module });
  let stream: string = g.embedding({ id: LLAMA_EMBED_TOKENS, param: weight(LLAMA_EMBED_TOKENS) });
  for (let i = 0; i < config.numLayers; i++) {
    const key = (part: LlamaLayerPart) => llamaLayerKey(i, part);
    const blockInput = i === 0 ? LLAMA_EMBED_TOKENS : llamaLayerKey(i - 1);
    const inputNorm = g.norm({ id: key('input_layernorm'), params: [weight(key('input_layernorm'))], input: stream });
    const attention = g.node<RopeAttentionNode>({
      kind: 'rope-gqa-attention',
      id: key('self_attn'),
      input: inputNorm,
      q: projection(key('self_attn.q_proj'), config.qkvBias),
      k: projection(key('self_attn.k_proj'), config.qkvBias),
      v: projection(key('self_attn.v_proj'), config.qkvBias),
      o: projection(key('self_attn.o_proj'), config.oBias),
      heads: config.numHeads,
      kvHeads: config.numKvHeads,
      headDim: config.headDim,
    });
    const afterAttention = g.residual({ id: `${key('self_attn')}+residual`, skip: stream, branch: attention, skipActivation: blockInput, branchActivation: key('self_attn.o_proj') }) as string;
    const postNorm = g.norm({ id: key('post_attention_layernorm'), params: [weight(key('post_attention_layernorm'))], input: afterAttention });
    const mlpProjection = (part: 'mlp.gate_proj' | 'mlp.up_proj' | 'mlp.down_proj') => ({ weight: weight(key(part)), ...(config.mlpBias ? { bias: `${key(part)}.bias` } : {}) });
    const mlp = g.node<SwigluNode>({
      kind: 'swiglu-mlp',
      id: key('mlp'),
      input: postNorm,
      gate: mlpProjection('mlp.gate_proj'),
      up: mlpProjection('mlp.up_proj'),
      down: mlpProjection('mlp.down_proj'),
      hiddenActivation: key('mlp.hidden'),
      activation: key('mlp.down_proj'),
    });
    stream = g.residual({ id: `${key('mlp')}+residual`, skip: afterAttention, branch: mlp, skipActivation: key('self_attn.residual'), branchActivation: key('mlp.down_proj') }) as string;
  }
  const finalNorm = g.norm({ id: LLAMA_NORM, params: [weight(LLAMA_NORM)], input: stream });
  if (!config.tieWordEmbeddings) {
    g.linear({ id: LLAMA_LM_HEAD, weight: weight(LLAMA_LM_HEAD), input: finalNorm, fixedOutput: true, anchorOnly: !options.fuseGenerator });
  }
  return g.build();
}
