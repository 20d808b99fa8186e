import { ConfigJson, refuseConfig } from './config-refusal';

/**
 * Keys every HuggingFace `config.json` may carry that change neither the weights nor the eval
 * outputs: dtype and version stamps, output flags, feed-forward chunking (the same numbers in
 * pieces) and the encoder-decoder switches of models that are neither.
 */
export const HF_BOOKKEEPING_KEYS: readonly string[] = [
  'torch_dtype', 'dtype', 'transformers_version', '_name_or_path', 'problem_type', 'output_hidden_states',
  'output_attentions', 'return_dict', 'torchscript', 'use_bfloat16', 'chunk_size_feed_forward', 'is_encoder_decoder',
  'is_decoder', 'add_cross_attention', 'tie_word_embeddings', 'finetuning_task',
];

/**
 * Keys older `transformers` versions saved into every transformer's config: special token ids,
 * the attention kernel choice, and generation defaults. None changes an encoder's eval outputs.
 */
export const HF_GENERATION_KEYS: readonly string[] = [
  'tf_legacy_loss', 'tie_encoder_decoder', 'cross_attention_hidden_size', 'tokenizer_class', 'prefix', 'bos_token_id',
  'pad_token_id', 'eos_token_id', 'sep_token_id', 'decoder_start_token_id', 'task_specific_params', 'attn_implementation',
  '_attn_implementation', '_attn_implementation_autoset', 'max_length', 'min_length', 'do_sample', 'early_stopping',
  'num_beams', 'num_beam_groups', 'diversity_penalty', 'temperature', 'top_k', 'top_p', 'typical_p', 'repetition_penalty',
  'length_penalty', 'no_repeat_ngram_size', 'encoder_no_repeat_ngram_size', 'bad_words_ids', 'num_return_sequences',
  'output_scores', 'return_dict_in_generate', 'forced_bos_token_id', 'forced_eos_token_id', 'remove_invalid_values',
  'exponential_decay_length_penalty', 'suppress_tokens', 'begin_suppress_tokens',
];

/** The keys a plugin reads and those it knows to be harmless. */
export interface ConfigKeys {
  read: readonly string[];
  ignored: readonly string[];
}

/** Refuses the first key that is neither read nor ignored; `model` names the config ("a ViT"). */
export function checkKnownKeys(json: ConfigJson, keys: ConfigKeys, model: string): void {
  const known = new Set([...keys.read, ...keys.ignored]);
  for (const key of Object.keys(json)) {
    if (!known.has(key)) refuseConfig(key, `unknown key; ${model} config.json is read from ${keys.read.join(', ')} (plus HuggingFace's bookkeeping keys)`);
  }
}
