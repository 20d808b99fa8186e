import { ConfigJson, ConfigReader, FusionError, HF_BOOKKEEPING_KEYS, HF_GENERATION_KEYS, checkKnownKeys, checkModelClass, refuseConfig } from '@otfuse/core';

export const LLAMA_MODEL_TYPE = 'llama';
export const LLAMA_ARCHITECTURE = 'LlamaForCausalLM';

/**
 * The HuggingFace classes read as a Llama: the same network under other names. Mistral is Llama
 * without biases (and a sliding window, accepted only where it changes nothing); Qwen2 is Llama
 * with biases on q, k and v (not o, not the MLP).
 */
export const LLAMA_FAMILY = {
  llama: 'LlamaForCausalLM',
  mistral: 'MistralForCausalLM',
  qwen2: 'Qwen2ForCausalLM',
} as const;
export type LlamaModelType = keyof typeof LLAMA_FAMILY;
export const LLAMA_MODEL_TYPES = Object.keys(LLAMA_FAMILY) as LlamaModelType[];

/** A HuggingFace `LlamaForCausalLM` as otfuse reads it (`config.json`, `model_type: "llama"`, or `"mistral"` / `"qwen2"`). */
export interface LlamaConfig {
  /** The class the folder names, written back (`llama`, `mistral` or `qwen2`). */
  modelType: LlamaModelType;
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
  /** Biases on the q, k and v projections (Llama's `attention_bias`; always in Qwen2). */
  qkvBias: boolean;
  /** A bias on the o projection (Llama's `attention_bias`; never in Mistral or Qwen2). */
  oBias: boolean;
  /** Biases on gate, up and down projections. */
  mlpBias: boolean;
  initializerRange: number;
  /** `bos_token_id`, `eos_token_id`, `pad_token_id` as the file gives them (written back unchanged). */
  specialTokens: Record<string, unknown>;
}

const SPECIAL_TOKENS = ['bos_token_id', 'eos_token_id', 'pad_token_id'] as const;
const COMMON_READ = [
  'model_type', 'architectures', 'vocab_size', 'hidden_size', 'intermediate_size', 'num_hidden_layers', 'num_attention_heads',
  'num_key_value_heads', 'head_dim', 'rms_norm_eps', 'rope_theta', 'rope_parameters', 'rope_scaling', 'max_position_embeddings',
  'tie_word_embeddings', 'hidden_act', 'initializer_range', 'sliding_window', ...SPECIAL_TOKENS,
];
/** Each class's own keys: Llama's bias flags; Qwen2's sliding-window switch, the layers it would apply to and the layer types. */
const FAMILY_READ: Record<LlamaModelType, string[]> = {
  llama: ['attention_bias', 'mlp_bias', 'pretraining_tp'],
  mistral: [],
  qwen2: ['use_sliding_window', 'max_window_layers', 'layer_types'],
};
/** Keys that change neither the weights nor the eval outputs: dropout (eval), the KV cache switch. */
const IGNORED = [...HF_BOOKKEEPING_KEYS.filter((k) => k !== 'tie_word_embeddings'), ...HF_GENERATION_KEYS.filter((k) => !(SPECIAL_TOKENS as readonly string[]).includes(k)), 'attention_dropout', 'use_cache'];

/** `transformers`' `LlamaConfig` defaults; keys without one are required. */
const DEFAULTS = {
  vocab_size: 32000,
  hidden_size: 4096,
  intermediate_size: 11008,
  num_hidden_layers: 32,
  num_attention_heads: 32,
  num_key_value_heads: undefined as number | undefined,
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
  use_sliding_window: false,
};
/** Where `MistralConfig` and `Qwen2Config` default otherwise (a key left out takes these). */
const FAMILY_DEFAULTS: Record<LlamaModelType, Partial<typeof DEFAULTS>> = {
  llama: {},
  mistral: { intermediate_size: 14336, num_key_value_heads: 8, max_position_embeddings: 4096 * 32 },
  qwen2: { vocab_size: 151936, intermediate_size: 22016, num_key_value_heads: 32, max_position_embeddings: 32768 },
};
/** `MistralConfig`'s window when the key is left out (null turns it off). */
const MISTRAL_DEFAULT_WINDOW = 4096;

/**
 * Reads a Llama, Mistral or Qwen2 `config.json`. What otfuse does not implement is refused naming
 * the key: `rope_scaling` / `rope_parameters.rope_type` other than the default RoPE, a sliding
 * window that could cut a sequence (Llama: any; Mistral: one shorter than
 * `max_position_embeddings`, the longest sequence the forward pass takes; Qwen2:
 * `use_sliding_window` true, or `layer_types` other than full attention), an activation other than
 * `silu`, an odd head size (RoPE rotates pairs), query heads that do not split into the KV heads,
 * and any key it does not know (Llama's `attention_bias` in a Mistral or Qwen2 file among them:
 * `transformers` ignores it there).
 */
export function normalizeLlamaConfig(json: ConfigJson): LlamaConfig {
  const modelType = LLAMA_MODEL_TYPES.find((type) => json.model_type === type);
  if (modelType === undefined) refuseConfig('model_type', `expected one of ${LLAMA_MODEL_TYPES.map((t) => `'${t}'`).join(', ')}, got ${JSON.stringify(json.model_type)}`);
  checkKnownKeys(json, { read: [...COMMON_READ, ...FAMILY_READ[modelType]], ignored: IGNORED }, `a ${LLAMA_FAMILY[modelType]}`);
  checkModelClass(json, modelType, LLAMA_FAMILY[modelType]);
  const defaults = { ...DEFAULTS, ...FAMILY_DEFAULTS[modelType] };
  const read = new ConfigReader(json, defaults);
  read.oneOf('hidden_act', ['silu'] as const, "SwiGLU's gate");
  if (json.rope_scaling !== undefined && json.rope_scaling !== null) refuseConfig('rope_scaling', `only plain RoPE is implemented (null), got ${JSON.stringify(json.rope_scaling)}`);
  const maxPositions = read.positiveInteger('max_position_embeddings');
  checkSlidingWindow(json, modelType, read, maxPositions);
  if (modelType === 'llama') read.positiveInteger('pretraining_tp'); // tensor-parallel slicing in training only: the same function
  const hiddenSize = read.positiveInteger('hidden_size');
  const numHeads = read.positiveInteger('num_attention_heads');
  // Absent: the class's default (Llama's is the query heads); null: the query heads, as every class's __post_init__ does.
  const kvDefault = defaults.num_key_value_heads;
  const numKvHeads = json.num_key_value_heads === null || (json.num_key_value_heads === undefined && kvDefault === undefined) ? numHeads : read.positiveInteger('num_key_value_heads');
  if (numHeads % numKvHeads !== 0) refuseConfig('num_key_value_heads', `${numKvHeads} KV heads do not divide ${numHeads} query heads`);
  let headDim: number;
  if (json.head_dim === undefined || json.head_dim === null) {
    if (hiddenSize % numHeads !== 0) refuseConfig('head_dim', `absent, and hidden_size ${hiddenSize} is not divisible by ${numHeads} heads`);
    headDim = hiddenSize / numHeads;
  } else headDim = read.positiveInteger('head_dim');
  if (headDim % 2 !== 0) refuseConfig('head_dim', `RoPE rotates pairs of dimensions: expected an even head size, got ${headDim}`);
  const specialTokens: Record<string, unknown> = {};
  for (const key of SPECIAL_TOKENS) if (key in json) specialTokens[key] = json[key];
  const attentionBias = modelType === 'llama' && read.boolean('attention_bias');
  return {
    modelType,
    vocabSize: read.positiveInteger('vocab_size'),
    hiddenSize,
    intermediateSize: read.positiveInteger('intermediate_size'),
    numLayers: read.positiveInteger('num_hidden_layers'),
    numHeads,
    numKvHeads,
    headDim,
    rmsNormEps: read.positiveNumber('rms_norm_eps'),
    ropeTheta: ropeTheta(json, read),
    maxPositions,
    tieWordEmbeddings: read.boolean('tie_word_embeddings'),
    qkvBias: modelType === 'qwen2' || attentionBias,
    oBias: attentionBias,
    mlpBias: modelType === 'llama' && read.boolean('mlp_bias'),
    initializerRange: read.positiveNumber('initializer_range'),
    specialTokens,
  };
}

/**
 * Sliding-window attention is not implemented, so a window is accepted only where it cannot cut a
 * sequence: a query at position i reads the keys after i − window, and no sequence is longer than
 * `max_position_embeddings` (the inputs are refused beyond it), so a window at least that long
 * changes nothing. Qwen2 ignores `sliding_window` (and `max_window_layers`) while
 * `use_sliding_window` is false.
 */
function checkSlidingWindow(json: ConfigJson, modelType: LlamaModelType, read: ConfigReader<typeof DEFAULTS>, maxPositions: number): void {
  const window = json.sliding_window;
  if (modelType === 'llama') {
    if (window !== undefined && window !== null) refuseConfig('sliding_window', `sliding-window attention is not implemented (null), got ${JSON.stringify(window)}`);
  } else if (modelType === 'mistral') {
    const value = window === undefined ? MISTRAL_DEFAULT_WINDOW : window;
    if (value === null) return;
    if (!Number.isInteger(value) || (value as number) < 1) refuseConfig('sliding_window', `expected null or a positive integer, got ${JSON.stringify(value)}`);
    if ((value as number) < maxPositions) {
      refuseConfig('sliding_window', `sliding-window attention is not implemented: a window of ${value} (${window === undefined ? "MistralConfig's default" : 'given'}) is shorter than max_position_embeddings ${maxPositions}; expected null or at least ${maxPositions}`);
    }
  } else {
    if (read.boolean('use_sliding_window')) refuseConfig('use_sliding_window', 'sliding-window attention is not implemented: expected false');
    const types = json.layer_types;
    if (types !== undefined && types !== null && (!Array.isArray(types) || !types.every((t) => t === 'full_attention'))) {
      refuseConfig('layer_types', `only full attention is implemented: expected every layer "full_attention", got ${JSON.stringify(types)}`);
    }
  }
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

/**
 * The `config.json` written next to a model (`transformers` 5's layout, RoPE under `rope_parameters`),
 * in its class's keys. A bias layout its class cannot state is refused (Mistral has no biases, Qwen2
 * exactly q, k and v; Llama's `attention_bias` covers q, k, v and o together).
 */
export function llamaConfigJson(config: LlamaConfig): Record<string, unknown> {
  const { modelType } = config;
  const biases = { qkv: config.qkvBias, o: config.oBias, mlp: config.mlpBias };
  const expressible = modelType === 'llama' ? config.qkvBias === config.oBias : modelType === 'qwen2' ? config.qkvBias && !config.oBias && !config.mlpBias : !config.qkvBias && !config.oBias && !config.mlpBias;
  if (!expressible) {
    throw new FusionError('BAD_OPTION', `biases ${JSON.stringify(biases)} cannot be written as a ${LLAMA_FAMILY[modelType]}`, ['config.json', modelType === 'llama' ? 'attention_bias' : 'model_type']);
  }
  return {
    model_type: modelType,
    architectures: [LLAMA_FAMILY[modelType]],
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
    ...(modelType === 'llama' ? { attention_bias: config.qkvBias, mlp_bias: config.mlpBias } : {}),
    ...(modelType === 'mistral' ? { sliding_window: null } : {}),
    ...(modelType === 'qwen2' ? { use_sliding_window: false, sliding_window: null } : {}),
    initializer_range: config.initializerRange,
    ...config.specialTokens,
  };
}

/** Query heads per KV head. */
export const queriesPerKvHead = (config: LlamaConfig) => config.numHeads / config.numKvHeads;
