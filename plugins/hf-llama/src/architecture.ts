import { ArchitecturePlugin, CheckpointLayout, firstDifference, isModelClass } from '@otfuse/core';
import { injectable } from 'tsyringe';
import { LLAMA_CAPTURE_PARAMETERS } from './capture';
import { LLAMA_FAMILY, LLAMA_MODEL_TYPES, LlamaConfig, llamaConfigJson, normalizeLlamaConfig } from './config';
import { llamaForward, llamaStages } from './forward';
import { llamaGraph } from './graph';
import { LLAMA_EMBED_TOKENS, LLAMA_LM_HEAD } from './names';
import { initLlama, llamaParameterShapes } from './parameters';

/** What a causal LM's folder carries beside its weights: generation defaults and the tokenizer (`save_pretrained`'s files). */
export const LLAMA_SIDE_FILES: readonly string[] = ['generation_config.json', 'vocab.txt', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'tokenizer.model'];

/**
 * As `LlamaForCausalLM.from_pretrained` reads checkpoints: `LlamaModel`'s tensors may be stored
 * without `model.`, and a tied model's state dict saved by PyTorch holds `lm_head.weight`, the tie.
 */
export function llamaCheckpointLayout(config: LlamaConfig): CheckpointLayout {
  return { basePrefix: 'model.', ties: config.tieWordEmbeddings ? [[`${LLAMA_LM_HEAD}.weight`, `${LLAMA_EMBED_TOKENS}.weight`]] : [] };
}

/** Llama checkpoints saved by older transformers store each layer's RoPE frequencies, a buffer computed from the config. */
export const LLAMA_UNUSED_CHECKPOINT_TENSORS: readonly RegExp[] = [/(^|\.)self_attn\.rotary_emb\.inv_freq$/];

@injectable()
export class LlamaArchitecture implements ArchitecturePlugin<LlamaConfig> {
  readonly id = 'hf-llama';
  readonly description = 'HuggingFace LlamaForCausalLM: RMSNorm, RoPE grouped-query attention (heads matched whole), SwiGLU MLP, causal LM head';
  readonly parameters = LLAMA_CAPTURE_PARAMETERS;
  readonly sideFiles = LLAMA_SIDE_FILES;
  readonly unusedCheckpointTensors = LLAMA_UNUSED_CHECKPOINT_TENSORS;
  checkpointLayout = llamaCheckpointLayout;

  /** `LlamaForCausalLM`, and `MistralForCausalLM` / `Qwen2ForCausalLM`: the same network (see `normalizeLlamaConfig`). */
  detect(configJson: Readonly<Record<string, unknown>>): boolean {
    return LLAMA_MODEL_TYPES.some((type) => isModelClass(configJson, type, LLAMA_FAMILY[type]));
  }

  normalizeConfig = normalizeLlamaConfig;
  configJson = llamaConfigJson;
  graph = llamaGraph;
  stages = llamaStages;
  forward = llamaForward;
  parameterShapes = llamaParameterShapes;
  init = initLlama;
  task = (_config: LlamaConfig) => 'causal-lm';

  /**
   * Widths that fusion aligns (hidden, intermediate, the counts of query and KV heads) may differ;
   * the depth, the head size, the vocabulary and the head's tie may not.
   */
  incompatibility = (a: LlamaConfig, b: LlamaConfig) =>
    firstDifference(a, b, [
      { what: 'depth', key: 'num_hidden_layers', of: (c: LlamaConfig) => c.numLayers },
      { what: 'head size', key: 'head_dim', of: (c: LlamaConfig) => c.headDim },
      { what: 'vocabulary', key: 'vocab_size', of: (c: LlamaConfig) => c.vocabSize },
      { what: 'tied head', key: 'tie_word_embeddings', of: (c: LlamaConfig) => c.tieWordEmbeddings },
      { what: 'q/k/v biases', key: 'attention_bias', of: (c: LlamaConfig) => c.qkvBias },
      { what: 'o_proj bias', key: 'attention_bias', of: (c: LlamaConfig) => c.oBias },
      { what: 'MLP biases', key: 'mlp_bias', of: (c: LlamaConfig) => c.mlpBias },
    ]);
}
