import {
  ConfigJson,
  ConfigReader,
  HF_BOOKKEEPING_KEYS,
  HF_GENERATION_KEYS,
  checkKnownKeys,
  checkModelClass,
  labelsJson,
  readLabelNames,
  refuseConfig,
  refusePrunedHeads,
  withExtras,
} from '@otfuse/core';

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

/** `transformers`' `ViTConfig` defaults, used for keys a config leaves out, as HuggingFace does (`num_labels`: see `readLabelNames`). */
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
};

const KEYS = {
  read: ['model_type', 'architectures', ...Object.keys(HF_DEFAULTS), 'num_labels', 'id2label', 'label2id', 'pruned_heads'],
  // Masked-image-modelling and pooler settings: modules a `ViTForImageClassification` does not have.
  ignored: [...HF_BOOKKEEPING_KEYS, ...HF_GENERATION_KEYS, 'encoder_stride', 'pooler_output_size', 'pooler_act'],
};

/**
 * Reads a HuggingFace ViT `config.json` (`model_type: "vit"`). Keys left out take
 * `transformers`' defaults; unknown keys and options this implementation does not support
 * (another activation, pruned heads, shapes that do not divide) are errors naming the key.
 * Dropout rates are accepted at any valid value: the forward pass is the eval one.
 */
export function normalizeVitConfig(json: ConfigJson): VitConfig {
  checkKnownKeys(json, KEYS, 'a ViT');
  checkModelClass(json, VIT_MODEL_TYPE, VIT_ARCHITECTURE);
  const read = new ConfigReader(json, HF_DEFAULTS);
  const hiddenAct = read.oneOf('hidden_act', VIT_ACTIVATIONS, 'exact, erf-based GELU');
  refusePrunedHeads(json);
  const hiddenSize = read.positiveInteger('hidden_size');
  const numHeads = read.positiveInteger('num_attention_heads');
  if (hiddenSize % numHeads !== 0) refuseConfig('hidden_size', `${hiddenSize} is not divisible by num_attention_heads (${numHeads})`);
  const imageSize = read.positiveInteger('image_size');
  const patchSize = read.positiveInteger('patch_size');
  if (imageSize % patchSize !== 0) refuseConfig('image_size', `${imageSize} is not divisible by patch_size (${patchSize})`);
  const names = readLabelNames(json);
  return {
    hiddenSize,
    numLayers: read.positiveInteger('num_hidden_layers'),
    numHeads,
    intermediateSize: read.positiveInteger('intermediate_size'),
    imageSize,
    patchSize,
    numChannels: read.positiveInteger('num_channels'),
    numLabels: names.length,
    labelNames: names,
    layerNormEps: read.positiveNumber('layer_norm_eps'),
    hiddenAct,
    qkvBias: read.boolean('qkv_bias'),
    initializerRange: read.nonNegativeNumber('initializer_range'),
    hiddenDropoutProb: read.probability('hidden_dropout_prob'),
    attentionProbsDropoutProb: read.probability('attention_probs_dropout_prob'),
  };
}

/**
 * The `config.json` HuggingFace's `ViTForImageClassification.from_pretrained` loads for this
 * config, keys in the order `transformers` writes them. `extras` adds keys (e.g.
 * `transformers_version`); it may not replace one this function writes.
 */
export function vitConfigJson(config: VitConfig, extras: ConfigJson = {}): Record<string, unknown> {
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
    ...labelsJson(config.labelNames),
  };
  return withExtras(json, extras);
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
