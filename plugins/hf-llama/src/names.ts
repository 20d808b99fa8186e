import { LayerStackKeys, name } from '@otfuse/core';
import { LlamaConfig } from './config';

/** HuggingFace module names: parameters are `<module>.weight` / `<module>.bias`, capture keys are module names. */
export const LLAMA_EMBED_TOKENS = 'model.embed_tokens';
export const LLAMA_LAYER = 'model.layers.{i}';
export const LLAMA_NORM = 'model.norm';
export const LLAMA_LM_HEAD = 'lm_head';

/**
 * A block's capturable parts, in execution order. All are HuggingFace module outputs except
 * `self_attn.residual` (the stream after the attention's residual addition, which weighs the
 * residual maps) and `mlp.hidden` (down_proj's input, `silu(gate) ⊙ up`, which describes the MLP
 * neurons). `q_proj` and `k_proj` are recorded before RoPE.
 */
export const LLAMA_LAYER_PARTS = [
  'input_layernorm',
  'self_attn.q_proj',
  'self_attn.k_proj',
  'self_attn.v_proj',
  'self_attn.o_proj',
  'self_attn',
  'self_attn.residual',
  'post_attention_layernorm',
  'mlp.gate_proj',
  'mlp.up_proj',
  'mlp.hidden',
  'mlp.down_proj',
  'mlp',
] as const;
export type LlamaLayerPart = (typeof LLAMA_LAYER_PARTS)[number];

/** `model.layers.<i>` or one of its parts. */
export const llamaLayerKey = (i: number, part?: LlamaLayerPart) => (part ? `${name(LLAMA_LAYER, { i })}.${part}` : name(LLAMA_LAYER, { i }));

/** The module names each forward stage can capture: the embeddings, each block, the final norm and the head. */
export function llamaStageKeys(config: LlamaConfig): LayerStackKeys {
  return new LayerStackKeys({ embeddings: [LLAMA_EMBED_TOKENS], layer: LLAMA_LAYER, parts: LLAMA_LAYER_PARTS, count: config.numLayers, head: [LLAMA_NORM, LLAMA_LM_HEAD] });
}

export const llamaCaptureKeys = (config: LlamaConfig) => llamaStageKeys(config).all();
