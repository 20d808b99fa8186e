import { HostTensor, ParameterTable, hfTransformerDraws, initParameters } from '@otfuse/core';
import { LlamaConfig } from './config';
import { LLAMA_EMBED_TOKENS, LLAMA_LM_HEAD, LLAMA_NORM, llamaLayerKey } from './names';

/**
 * Every parameter in `state_dict` order: the embedding table, per block the attention's
 * projections, the MLP's, the two RMSNorm gains; the final norm; `lm_head` unless tied to the
 * embedding table (then the checkpoint does not store it).
 */
export function llamaParameters(config: LlamaConfig): ParameterTable {
  const { hiddenSize: hidden, headDim: d } = config;
  const table = new ParameterTable().embedding(`${LLAMA_EMBED_TOKENS}.weight`, [config.vocabSize, hidden]);
  for (let i = 0; i < config.numLayers; i++) {
    table
      .linear(llamaLayerKey(i, 'self_attn.q_proj'), config.numHeads * d, hidden, config.qkvBias)
      .linear(llamaLayerKey(i, 'self_attn.k_proj'), config.numKvHeads * d, hidden, config.qkvBias)
      .linear(llamaLayerKey(i, 'self_attn.v_proj'), config.numKvHeads * d, hidden, config.qkvBias)
      .linear(llamaLayerKey(i, 'self_attn.o_proj'), hidden, config.numHeads * d, config.oBias)
      .linear(llamaLayerKey(i, 'mlp.gate_proj'), config.intermediateSize, hidden, config.mlpBias)
      .linear(llamaLayerKey(i, 'mlp.up_proj'), config.intermediateSize, hidden, config.mlpBias)
      .linear(llamaLayerKey(i, 'mlp.down_proj'), hidden, config.intermediateSize, config.mlpBias)
      .add(`${llamaLayerKey(i, 'input_layernorm')}.weight`, [hidden], 'norm-scale')
      .add(`${llamaLayerKey(i, 'post_attention_layernorm')}.weight`, [hidden], 'norm-scale');
  }
  table.add(`${LLAMA_NORM}.weight`, [hidden], 'norm-scale');
  return config.tieWordEmbeddings ? table : table.linear(LLAMA_LM_HEAD, config.vocabSize, hidden, false);
}

export const llamaParameterShapes = (config: LlamaConfig) => llamaParameters(config).shapes();

/** Seeded parameters as `LlamaPreTrainedModel._init_weights` draws them: N(0, initializer_range²) weights and embeddings, zero biases, unit RMSNorm gains. */
export const initLlama = (config: LlamaConfig, seed: number): Record<string, HostTensor> => initParameters(llamaParameters(config), seed, hfTransformerDraws(config.initializerRange));
