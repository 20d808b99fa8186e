import { FusionError } from '@otfuse/core';

export const VIT_MODEL_TYPE = 'vit';
export const VIT_ARCHITECTURE = 'ViTForImageClassification';
/** HuggingFace's `gelu` is the exact GELU, `x·Φ(x)` with the error function. */
export const VIT_ACTIVATIONS = ['gelu'] as const;
export type VitActivation = (typeof VIT_ACTIVATIONS)[number];

/** A `ViTForImageClassification` with square images and square patches. */
export interface VitConfig {
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  intermediateSize: number;
  imageSize: number;
  patchSize: number;
  numChannels: number;
  numLabels: number;
  /** Class names by label index (`id2label`), `LABEL_<i>` when the config has none. */
  labelNames: string[];
  layerNormEps: number;
  hiddenAct: VitActivation;
  qkvBias: boolean;
  /** Standard deviation of the initial weights (used by `initVit`). */
  initializerRange: number;
  /** Dropout rates: kept so a written config trains like the original; inference ignores them. */
  hiddenDropoutProb: number;
  attentionProbsDropoutProb: number;
}

export interface PatchGrid {
  rows: number;
  cols: number;
  patches: number;
  /** Sequence length inside the encoder: every patch plus the CLS token. */
  tokens: number;
}

/** Keys `normalizeVitConfig` reads. */
const READ_KEYS = [
  'model_type', 'architectures', 'hidden_size', 'num_hidden_layers', 'num_attention_heads', 'intermediate_size', 'hidden_act',
  'hidden_dropout_prob', 'attention_probs_dropout_prob', 'initializer_range', 'layer_norm_eps', 'image_size', 'patch_size',
  'num_channels', 'qkv_bias', 'num_labels', 'id2label', 'label2id', 'pruned_heads',
];

/**
 * Standard HuggingFace keys that change neither the weights nor the eval outputs of a
 * `ViTForImageClassification`: masked-image-modelling and pooler settings (modules this model
 * does not have), dtype and version stamps, output flags, the attention kernel choice, and the
 * generation defaults older `transformers` versions saved into every config.
 */
const IGNORED_KEYS = [
  'encoder_stride', 'pooler_output_size', 'pooler_act', 'torch_dtype', 'dtype', 'transformers_version', '_name_or_path',
  'problem_type', 'output_hidden_states', 'output_attentions', 'return_dict', 'torchscript', 'use_bfloat16', 'tf_legacy_loss',
  'chunk_size_feed_forward', 'is_encoder_decoder', 'is_decoder', 'add_cross_attention', 'tie_encoder_decoder',
  'tie_word_embeddings', 'cross_attention_hidden_size', 'finetuning_task', 'tokenizer_class', 'prefix', 'bos_token_id',
  'pad_token_id', 'eos_token_id', 'sep_token_id', 'decoder_start_token_id', 'task_specific_params', 'attn_implementation',
  '_attn_implementation', '_attn_implementation_autoset', 'max_length', 'min_length', 'do_sample', 'early_stopping',
  'num_beams', 'num_beam_groups', 'diversity_penalty', 'temperature', 'top_k', 'top_p', 'typical_p', 'repetition_penalty',
  'length_penalty', 'no_repeat_ngram_size', 'encoder_no_repeat_ngram_size', 'bad_words_ids', 'num_return_sequences',
  'output_scores', 'return_dict_in_generate', 'forced_bos_token_id', 'forced_eos_token_id', 'remove_invalid_values',
  'exponential_decay_length_penalty', 'suppress_tokens', 'begin_suppress_tokens',
];

const KNOWN_KEYS = new Set([...READ_KEYS, ...IGNORED_KEYS]);

/** `transformers`' `ViTConfig` defaults, used for keys a config leaves out, as HuggingFace does. */
const HF_DEFAULTS = {
  hidden_size: 768,
  num_hidden_layers: 12,
  num_attention_heads: 12,
  intermediate_size: 3072,
  hidden_act: 'gelu',
  hidden_dropout_prob: 0.0,
  attention_probs_dropout_prob: 0.0,
  initializer_range: 0.02,
  layer_norm_eps: 1e-12,
  image_size: 224,
  patch_size: 16,
  num_channels: 3,
  qkv_bias: true,
  num_labels: 2,
} as const;

function bad(key: string, detail: string): never {
  throw new FusionError('BAD_OPTION', detail, ['config.json', key]);
}

type Json = Readonly<Record<string, unknown>>;

function positiveInteger(json: Json, key: keyof typeof HF_DEFAULTS): number {
  const value = json[key] ?? HF_DEFAULTS[key];
  if (!Number.isInteger(value) || (value as number) <= 0) bad(key, `expected a positive integer, got ${JSON.stringify(value)}`);
  return value as number;
}

function numberIn(json: Json, key: keyof typeof HF_DEFAULTS, accepts: (v: number) => boolean, expected: string): number {
  const value = json[key] ?? HF_DEFAULTS[key];
  if (typeof value !== 'number' || !accepts(value)) bad(key, `expected ${expected}, got ${JSON.stringify(value)}`);
  return value;
}

function boolean(json: Json, key: keyof typeof HF_DEFAULTS): boolean {
  const value = json[key] ?? HF_DEFAULTS[key];
  if (typeof value !== 'boolean') bad(key, `expected true or false, got ${JSON.stringify(value)}`);
  return value;
}

/** Label names from `id2label` (keys must be exactly "0" … "n-1"), checked against `num_labels`. */
function labelNames(json: Json): string[] {
  const id2label = json.id2label;
  if (id2label === undefined || id2label === null) {
    const count = positiveInteger(json, 'num_labels');
    return Array.from({ length: count }, (_, i) => `LABEL_${i}`);
  }
  if (typeof id2label !== 'object' || Array.isArray(id2label)) bad('id2label', `expected an object {"0": name, …}, got ${JSON.stringify(id2label)}`);
  const entries = Object.entries(id2label as Record<string, unknown>);
  const names: string[] = new Array<string>(entries.length);
  for (const [id, label] of entries) {
    const index = Number(id);
    if (!/^(0|[1-9]\d*)$/.test(id) || index >= entries.length) bad(`id2label.${id}`, `expected label ids 0 … ${entries.length - 1}, got "${id}"`);
    if (typeof label !== 'string') bad(`id2label.${id}`, `expected a label name, got ${JSON.stringify(label)}`);
    names[index] = label as string;
  }
  if (entries.length === 0) bad('id2label', 'expected at least one label');
  if (json.num_labels !== undefined && json.num_labels !== entries.length) {
    bad('num_labels', `${JSON.stringify(json.num_labels)} disagrees with id2label, which names ${entries.length} labels`);
  }
  return names;
}

/**
 * Reads a HuggingFace ViT `config.json` (`model_type: "vit"`). Keys left out take
 * `transformers`' defaults; unknown keys and options this implementation does not support
 * (another activation, pruned heads, shapes that do not divide) are errors naming the key.
 * Dropout rates are accepted at any valid value: the forward pass is the eval one.
 */
export function normalizeVitConfig(json: Json): VitConfig {
  for (const key of Object.keys(json)) {
    if (!KNOWN_KEYS.has(key)) bad(key, `unknown key; a ViT config.json is read from ${READ_KEYS.join(', ')} (plus HuggingFace's bookkeeping keys)`);
  }
  if (json.model_type !== VIT_MODEL_TYPE) bad('model_type', `expected '${VIT_MODEL_TYPE}', got ${JSON.stringify(json.model_type)}`);
  const architectures = json.architectures;
  if (architectures !== undefined && (!Array.isArray(architectures) || !architectures.includes(VIT_ARCHITECTURE))) {
    bad('architectures', `expected a list containing '${VIT_ARCHITECTURE}', got ${JSON.stringify(architectures)}`);
  }
  const hiddenAct = json.hidden_act ?? HF_DEFAULTS.hidden_act;
  if (!VIT_ACTIVATIONS.includes(hiddenAct as VitActivation)) {
    bad('hidden_act', `${JSON.stringify(hiddenAct)} is not supported; supported: ${VIT_ACTIVATIONS.join(', ')} (exact, erf-based GELU)`);
  }
  const pruned = json.pruned_heads;
  if (pruned !== undefined && !(typeof pruned === 'object' && pruned !== null && Object.keys(pruned).length === 0)) {
    bad('pruned_heads', `pruned attention heads are not supported, got ${JSON.stringify(pruned)}`);
  }
  if (json.label2id !== undefined && (typeof json.label2id !== 'object' || json.label2id === null)) {
    bad('label2id', `expected an object {name: id, …}, got ${JSON.stringify(json.label2id)}`);
  }
  const hiddenSize = positiveInteger(json, 'hidden_size');
  const numHeads = positiveInteger(json, 'num_attention_heads');
  if (hiddenSize % numHeads !== 0) bad('hidden_size', `${hiddenSize} is not divisible by num_attention_heads (${numHeads})`);
  const imageSize = positiveInteger(json, 'image_size');
  const patchSize = positiveInteger(json, 'patch_size');
  if (imageSize % patchSize !== 0) bad('image_size', `${imageSize} is not divisible by patch_size (${patchSize})`);
  const names = labelNames(json);
  const probability = (key: 'hidden_dropout_prob' | 'attention_probs_dropout_prob') => numberIn(json, key, (v) => v >= 0 && v <= 1, 'a probability in [0, 1]');
  return {
    hiddenSize,
    numLayers: positiveInteger(json, 'num_hidden_layers'),
    numHeads,
    intermediateSize: positiveInteger(json, 'intermediate_size'),
    imageSize,
    patchSize,
    numChannels: positiveInteger(json, 'num_channels'),
    numLabels: names.length,
    labelNames: names,
    layerNormEps: numberIn(json, 'layer_norm_eps', (v) => v > 0 && Number.isFinite(v), 'a positive number'),
    hiddenAct: hiddenAct as VitActivation,
    qkvBias: boolean(json, 'qkv_bias'),
    initializerRange: numberIn(json, 'initializer_range', (v) => v >= 0 && Number.isFinite(v), 'a non-negative number'),
    hiddenDropoutProb: probability('hidden_dropout_prob'),
    attentionProbsDropoutProb: probability('attention_probs_dropout_prob'),
  };
}

/**
 * The `config.json` HuggingFace's `ViTForImageClassification.from_pretrained` loads for this
 * config, keys in the order `transformers` writes them. `extras` adds keys (e.g.
 * `transformers_version`); it may not replace one this function writes.
 */
export function vitConfigJson(config: VitConfig, extras: Json = {}): Record<string, unknown> {
  const json: Record<string, unknown> = {
    hidden_size: config.hiddenSize,
    num_hidden_layers: config.numLayers,
    num_attention_heads: config.numHeads,
    intermediate_size: config.intermediateSize,
    image_size: config.imageSize,
    patch_size: config.patchSize,
    num_channels: config.numChannels,
    layer_norm_eps: config.layerNormEps,
    hidden_act: config.hiddenAct,
    hidden_dropout_prob: config.hiddenDropoutProb,
    attention_probs_dropout_prob: config.attentionProbsDropoutProb,
    qkv_bias: config.qkvBias,
    architectures: [VIT_ARCHITECTURE],
    model_type: VIT_MODEL_TYPE,
    initializer_range: config.initializerRange,
    encoder_stride: config.patchSize,
    torch_dtype: 'float32',
    id2label: Object.fromEntries(config.labelNames.map((label, i) => [String(i), label])),
    label2id: Object.fromEntries(config.labelNames.map((label, i) => [label, i])),
  };
  for (const [key, value] of Object.entries(extras)) {
    if (key in json) throw new FusionError('BAD_OPTION', `extras may only add keys; '${key}' is written from the model config`, ['config.json', key]);
    json[key] = value;
  }
  return json;
}

/** The patch grid the image is cut into, and the encoder's sequence length. */
export function patchGrid(config: Pick<VitConfig, 'imageSize' | 'patchSize'>): PatchGrid {
  const rows = config.imageSize / config.patchSize;
  const cols = rows;
  return { rows, cols, patches: rows * cols, tokens: rows * cols + 1 };
}

export function headSize(config: Pick<VitConfig, 'hiddenSize' | 'numHeads'>): number {
  return config.hiddenSize / config.numHeads;
}
