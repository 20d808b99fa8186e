import { ConfigJson, ConfigReader, HF_ACTIVATIONS, HF_BOOKKEEPING_KEYS, HF_GENERATION_KEYS, HfActivation, checkKnownKeys, checkModelClass, refuseConfig, withExtras } from '@otfuse/core';

export const GPT2_MODEL_TYPE = 'gpt2';
/** The HuggingFace class this plugin reads and writes. */
export const GPT2_ARCHITECTURE = 'GPT2LMHeadModel';
/** `ACT2FN` names the MLP may use (`gelu_new`, GPT-2's own, is the tanh approximation). */
export const GPT2_ACTIVATIONS = Object.keys(HF_ACTIVATIONS) as HfActivation[];

/** A `GPT2LMHeadModel`: learned positions, pre-LN blocks, causal self-attention, `lm_head` tied to `wte`. */
export interface Gpt2Config {
  vocabSize: number;
  /** `n_positions`: the longest sequence. */
  maxPositions: number;
  /** `n_embd`. */
  hiddenSize: number;
  /** `n_layer`. */
  numLayers: number;
  /** `n_head`. */
  numHeads: number;
  /** `n_inner` as the file gives it: null means 4 · n_embd (see `innerSize`). */
  nInner: number | null;
  activation: HfActivation;
  layerNormEps: number;
  initializerRange: number;
  /** Scores divided by √(head size) (true in every GPT-2). */
  scaleAttnWeights: boolean;
  /** Dropout rates, kept so a written config trains like the original; the forward pass is the eval one. */
  residPdrop: number;
  embdPdrop: number;
  attnPdrop: number;
  bosTokenId: number | null;
  eosTokenId: number | null;
}

/** Keys `normalizeGpt2Config` reads or checks, and those it ignores. */
const KEYS = {
  read: [
    'model_type', 'architectures', 'vocab_size', 'n_positions', 'n_embd', 'n_layer', 'n_head', 'n_inner', 'activation_function',
    'layer_norm_epsilon', 'initializer_range', 'scale_attn_weights', 'scale_attn_by_inverse_layer_idx', 'reorder_and_upcast_attn',
    'resid_pdrop', 'embd_pdrop', 'attn_pdrop', 'bos_token_id', 'eos_token_id', 'add_cross_attention', 'tie_word_embeddings', 'n_ctx',
  ],
  // The summary_* keys configure GPT2DoubleHeadsModel's multiple-choice head, which GPT2LMHeadModel has not; the KV cache and
  // gradient checkpointing change nothing in an eval forward pass.
  ignored: [
    ...HF_BOOKKEEPING_KEYS, ...HF_GENERATION_KEYS, 'use_cache', 'gradient_checkpointing', 'summary_type', 'summary_use_proj',
    'summary_activation', 'summary_proj_to_labels', 'summary_first_dropout',
  ],
};

/** `transformers`' `GPT2Config` defaults, for keys a config leaves out, as `from_pretrained` does. */
const HF_DEFAULTS = {
  vocab_size: 50257,
  n_positions: 1024,
  n_embd: 768,
  n_layer: 12,
  n_head: 12,
  activation_function: 'gelu_new',
  resid_pdrop: 0.1,
  embd_pdrop: 0.1,
  attn_pdrop: 0.1,
  layer_norm_epsilon: 1e-5,
  initializer_range: 0.02,
  scale_attn_weights: true,
};

/** Options of `transformers`' GPT-2 this implementation does not compute: each is refused, naming its key. */
function refuseUnsupported(json: ConfigJson): void {
  const refuseTrue = (key: string, what: string) => {
    if (json[key] !== undefined && json[key] !== null && json[key] !== false) refuseConfig(key, `${what} is not supported, got ${JSON.stringify(json[key])}`);
  };
  refuseTrue('scale_attn_by_inverse_layer_idx', 'scaling attention scores by 1 / (layer index + 1)');
  refuseTrue('reorder_and_upcast_attn', 'the reordered, upcast attention');
  refuseTrue('add_cross_attention', 'cross-attention');
  if (json.tie_word_embeddings !== undefined && json.tie_word_embeddings !== true) {
    refuseConfig('tie_word_embeddings', `an lm_head untied from transformer.wte is not supported, got ${JSON.stringify(json.tie_word_embeddings)}`);
  }
  if (json.n_ctx !== undefined && json.n_ctx !== (json.n_positions ?? HF_DEFAULTS.n_positions)) {
    refuseConfig('n_ctx', `${JSON.stringify(json.n_ctx)} disagrees with n_positions (${json.n_positions ?? HF_DEFAULTS.n_positions})`);
  }
}

/** A token id or null (GPT-2 configs write `pad_token_id: null`, and older ones 50256 for both). */
function tokenId(json: ConfigJson, key: string, vocabSize: number): number | null {
  const value = json[key] ?? null;
  if (value === null) return null;
  if (!Number.isInteger(value) || (value as number) < 0 || (value as number) >= vocabSize) {
    refuseConfig(key, `expected null or a token id in [0, ${vocabSize}), got ${JSON.stringify(value)}`);
  }
  return value as number;
}

/**
 * Reads a HuggingFace GPT-2 `config.json` (`model_type: "gpt2"`, `GPT2LMHeadModel`). Keys left
 * out take `transformers`' defaults; unknown keys and options this implementation cannot honour
 * are errors naming the key. Dropout rates are accepted at any valid value (eval forward pass).
 */
export function normalizeGpt2Config(json: ConfigJson): Gpt2Config {
  checkKnownKeys(json, KEYS, 'a GPT-2');
  checkModelClass(json, GPT2_MODEL_TYPE, GPT2_ARCHITECTURE);
  refuseUnsupported(json);
  const read = new ConfigReader(json, HF_DEFAULTS);
  const hiddenSize = read.positiveInteger('n_embd');
  const numHeads = read.positiveInteger('n_head');
  if (hiddenSize % numHeads !== 0) refuseConfig('n_embd', `${hiddenSize} is not divisible by n_head (${numHeads})`);
  const nInner = json.n_inner ?? null;
  if (nInner !== null && !(Number.isInteger(nInner) && (nInner as number) > 0)) refuseConfig('n_inner', `expected null or a positive integer, got ${JSON.stringify(nInner)}`);
  const vocabSize = read.positiveInteger('vocab_size');
  return {
    vocabSize,
    maxPositions: read.positiveInteger('n_positions'),
    hiddenSize,
    numLayers: read.positiveInteger('n_layer'),
    numHeads,
    nInner: nInner as number | null,
    activation: read.oneOf('activation_function', GPT2_ACTIVATIONS),
    layerNormEps: read.positiveNumber('layer_norm_epsilon'),
    initializerRange: read.nonNegativeNumber('initializer_range'),
    scaleAttnWeights: read.boolean('scale_attn_weights'),
    residPdrop: read.probability('resid_pdrop'),
    embdPdrop: read.probability('embd_pdrop'),
    attnPdrop: read.probability('attn_pdrop'),
    bosTokenId: tokenId(json, 'bos_token_id', vocabSize),
    eosTokenId: tokenId(json, 'eos_token_id', vocabSize),
  };
}

/** The MLP's width: `n_inner`, or 4 · n_embd when it is null. */
export function innerSize(config: Pick<Gpt2Config, 'nInner' | 'hiddenSize'>): number {
  return config.nInner ?? 4 * config.hiddenSize;
}

export function headSize(config: Pick<Gpt2Config, 'hiddenSize' | 'numHeads'>): number {
  return config.hiddenSize / config.numHeads;
}

/**
 * The `config.json` `from_pretrained` loads for this config, keys sorted as `transformers`
 * writes them. `extras` adds keys (e.g. `transformers_version`); it may not replace one.
 * (A fused model's folder carries its anchor's own `config.json`.)
 */
export function gpt2ConfigJson(config: Gpt2Config, extras: ConfigJson = {}): Record<string, unknown> {
  const json: Record<string, unknown> = {
    activation_function: config.activation,
    add_cross_attention: false,
    architectures: [GPT2_ARCHITECTURE],
    attn_pdrop: config.attnPdrop,
    bos_token_id: config.bosTokenId,
    dtype: 'float32',
    embd_pdrop: config.embdPdrop,
    eos_token_id: config.eosTokenId,
    initializer_range: config.initializerRange,
    layer_norm_epsilon: config.layerNormEps,
    model_type: GPT2_MODEL_TYPE,
    n_embd: config.hiddenSize,
    n_head: config.numHeads,
    n_inner: config.nInner,
    n_layer: config.numLayers,
    n_positions: config.maxPositions,
    pad_token_id: null,
    reorder_and_upcast_attn: false,
    resid_pdrop: config.residPdrop,
    scale_attn_by_inverse_layer_idx: false,
    scale_attn_weights: config.scaleAttnWeights,
    summary_activation: null,
    summary_first_dropout: 0.1,
    summary_proj_to_labels: true,
    summary_type: 'cls_index',
    summary_use_proj: true,
    tie_word_embeddings: true,
    use_cache: true,
    vocab_size: config.vocabSize,
  };
  withExtras(json, extras);
  return Object.fromEntries(Object.keys(json).sort().map((key) => [key, json[key]]));
}
