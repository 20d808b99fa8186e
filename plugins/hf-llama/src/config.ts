import { ConfigJson, ConfigReader, HF_BOOKKEEPING_KEYS, HF_GENERATION_KEYS, checkKnownKeys, checkModelClass, refuseConfig } from '@otfuse/core';

export const LLAMA_MODEL_TYPE = 'llama';
export const LLAMA_ARCHITECTURE = 'LlamaForCausalLM';

/** A HuggingFace `LlamaForCausalLM` as otfuse reads it (`config.json`, `model_type: "llama"`). */
export interface LlamaConfig {
  vocabSize: number;
  hiddenSize: number;
  intermediateSize: number;
  numLayers: number;
  /** Query heads. */
  numHeads: number;
  /** Key/value heads (grouped-query attention): query head h reads KV head ⌊h / (numHeads / numKvHeads)⌋. */
  numKvHeads: number;
  headDim: number;
  rmsNormEps: number;
  /** RoPE base θ: inverse frequencies θ^(−2i/d). */
  ropeTheta: number;
  maxPositions: number;
  tieWordEmbeddings: boolean;
  /** Biases on q, k, v and o projections. */
  attentionBias: boolean;
  /** Biases on gate, up and down projections. */
  mlpBias: boolean;
  initializerRange: number;
  /** `bos_token_id`, `eos_token_id`, `pad_token_id` as the file gives them (written back unchanged). */
  specialTokens: Record<string, unknown>;
}

const SPECIAL_TOKENS = ['bos_token_id', 'eos_token_id', 'pad_token_id'] as const;
const READ = [
  'model_type', 'architectures', 'vocab_size', 'hidden_size', 'intermediate_size', 'num_hidden_layers', 'num_attention_heads',
  'num_key_value_heads', 'head_dim', 'rms_norm_eps', 'rope_theta', 'rope_parameters', 'rope_scaling', 'max_position_embeddings',
  'tie_word_embeddings', 'attention_bias', 'mlp_bias', 'hidden_act', 'initializer_range', 'sliding_window', 'pretraining_tp',
  ...SPECIAL_TOKENS,
];
/** Keys that change neither the weights nor the eval outputs: dropout (eval), the KV cache switch. */
const IGNORED = [...HF_BOOKKEEPING_KEYS.filter((k) => k !== 'tie_word_embeddings'), ...HF_GENERATION_KEYS.filter((k) => !(SPECIAL_TOKENS as readonly string[]).includes(k)), 'attention_dropout', 'use_cache'];

/** `transformers`' `LlamaConfig` defaults; keys without one are required. */
const DEFAULTS = {
  vocab_size: 32000,
  hidden_size: 4096,
  intermediate_size: 11008,
  num_hidden_layers: 32,
  num_attention_heads: 32,
  num_key_value_heads: undefined,
  head_dim: undefined,
  rms_norm_eps: 1e-6,
  rope_theta: 10000,
  max_position_embeddings: 2048,
  tie_word_embeddings: false,
  attention_bias: false,
  mlp_bias: false,
  hidden_act: 'silu',
  initializer_range: 0.02,
  pretraining_tp: 1,
};

/**
 * Reads a Llama `config.json`. What otfuse does not implement is refused naming the key:
 * `rope_scaling` / `rope_parameters.rope_type` other than the default RoPE, a `sliding_window`,
 * an activation other than `silu`, an odd head size (RoPE rotates pairs), query heads that do
 * not split into the KV heads, and any key it does not know.
 */
export function normalizeLlamaConfig(json: ConfigJson): LlamaConfig {
  checkKnownKeys(json, { read: READ, ignored: IGNORED }, 'a Llama');
  checkModelClass(json, LLAMA_MODEL_TYPE, LLAMA_ARCHITECTURE);
  const read = new ConfigReader(json, DEFAULTS);
  read.oneOf('hidden_act', ['silu'] as const, "SwiGLU's gate");
  if (json.rope_scaling !== undefined && json.rope_scaling !== null) refuseConfig('rope_scaling', `only plain RoPE is implemented (null), got ${JSON.stringify(json.rope_scaling)}`);
  if (json.sliding_window !== undefined && json.sliding_window !== null) refuseConfig('sliding_window', `sliding-window attention is not implemented (null), got ${JSON.stringify(json.sliding_window)}`);
  read.positiveInteger('pretraining_tp'); // tensor-parallel slicing in training only: the same function
  const hiddenSize = read.positiveInteger('hidden_size');
  const numHeads = read.positiveInteger('num_attention_heads');
  const numKvHeads = json.num_key_value_heads === undefined || json.num_key_value_heads === null ? numHeads : read.positiveInteger('num_key_value_heads');
  if (numHeads % numKvHeads !== 0) refuseConfig('num_key_value_heads', `${numKvHeads} KV heads do not divide ${numHeads} query heads`);
  let headDim: number;
  if (json.head_dim === undefined || json.head_dim === null) {
    if (hiddenSize % numHeads !== 0) refuseConfig('head_dim', `absent, and hidden_size ${hiddenSize} is not divisible by ${numHeads} heads`);
    headDim = hiddenSize / numHeads;
  } else headDim = read.positiveInteger('head_dim');
  if (headDim % 2 !== 0) refuseConfig('head_dim', `RoPE rotates pairs of dimensions: expected an even head size, got ${headDim}`);
  const specialTokens: Record<string, unknown> = {};
  for (const key of SPECIAL_TOKENS) if (key in json) specialTokens[key] = json[key];
  return {
    vocabSize: read.positiveInteger('vocab_size'),
    hiddenSize,
    intermediateSize: read.positiveInteger('intermediate_size'),
    numLayers: read.positiveInteger('num_hidden_layers'),
    numHeads,
    numKvHeads,
    headDim,
    rmsNormEps: read.positiveNumber('rms_norm_eps'),
    ropeTheta: ropeTheta(json, read),
    maxPositions: read.positiveInteger('max_position_embeddings'),
    tieWordEmbeddings: read.boolean('tie_word_embeddings'),
    attentionBias: read.boolean('attention_bias'),
    mlpBias: read.boolean('mlp_bias'),
    initializerRange: read.positiveNumber('initializer_range'),
    specialTokens,
  };
}

/** θ from `rope_parameters` (`transformers` ≥ 5: `{ rope_theta, rope_type: "default" }`) or the older top-level `rope_theta`. */
function ropeTheta(json: ConfigJson, read: ConfigReader<typeof DEFAULTS>): number {
  const parameters = json.rope_parameters;
  if (parameters === undefined || parameters === null) return read.positiveNumber('rope_theta');
  if (typeof parameters !== 'object' || Array.isArray(parameters)) refuseConfig('rope_parameters', `expected an object, got ${JSON.stringify(parameters)}`);
  const entries = parameters as Record<string, unknown>;
  for (const key of Object.keys(entries)) {
    if (key !== 'rope_theta' && key !== 'rope_type') refuseConfig(`rope_parameters.${key}`, 'only plain RoPE is implemented (rope_theta and rope_type "default")');
  }
  if (entries.rope_type !== undefined && entries.rope_type !== 'default') {
    refuseConfig('rope_parameters.rope_type', `${JSON.stringify(entries.rope_type)} is not supported; supported: default`);
  }
  const theta = entries.rope_theta ?? json.rope_theta ?? DEFAULTS.rope_theta;
  if (typeof theta !== 'number' || !(theta > 0) || !Number.isFinite(theta)) refuseConfig('rope_parameters.rope_theta', `expected a positive number, got ${JSON.stringify(theta)}`);
  return theta;
}

/** The `config.json` written next to a model (`transformers` 5's layout, RoPE under `rope_parameters`). */
export function llamaConfigJson(config: LlamaConfig): Record<string, unknown> {
  return {
    model_type: LLAMA_MODEL_TYPE,
    architectures: [LLAMA_ARCHITECTURE],
    vocab_size: config.vocabSize,
    hidden_size: config.hiddenSize,
    intermediate_size: config.intermediateSize,
    num_hidden_layers: config.numLayers,
    num_attention_heads: config.numHeads,
    num_key_value_heads: config.numKvHeads,
    head_dim: config.headDim,
    hidden_act: 'silu',
    rms_norm_eps: config.rmsNormEps,
    rope_parameters: { rope_theta: config.ropeTheta, rope_type: 'default' },
    max_position_embeddings: config.maxPositions,
    tie_word_embeddings: config.tieWordEmbeddings,
    attention_bias: config.attentionBias,
    mlp_bias: config.mlpBias,
    initializer_range: config.initializerRange,
    ...config.specialTokens,
  };
}

/** Query heads per KV head. */
export const queriesPerKvHead = (config: LlamaConfig) => config.numHeads / config.numKvHeads;
