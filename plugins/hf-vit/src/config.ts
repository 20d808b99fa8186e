import {
  ConfigJson,
  ConfigReader,
  HF_BOOKKEEPING_KEYS,
  HF_ACTIVATIONS,
  HF_GENERATION_KEYS,
  HfActivation,
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
/** The HuggingFace classes this plugin reads and writes, by head: the classifier, or the base model with its pooler. */
export const VIT_ARCHITECTURES = { classification: VIT_ARCHITECTURE, base: 'ViTModel' } as const;
export type VitHead = keyof typeof VIT_ARCHITECTURES;
/** The task each head is trained and evaluated for (`@otfuse/train`'s `TASK`). */
export const VIT_HEAD_TASKS: Readonly<Record<VitHead, string>> = { classification: 'classification', base: 'features' };
/** HuggingFace's `gelu` is the exact GELU, `x·Φ(x)` with the error function. */
export const VIT_ACTIVATIONS = ['gelu'] as const;
export type VitActivation = (typeof VIT_ACTIVATIONS)[number];

/** A `ViTForImageClassification` or `ViTModel` with square images and square patches. */
export interface VitConfig {
  head: VitHead;
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  intermediateSize: number;
  imageSize: number;
  patchSize: number;
  numChannels: number;
  numLabels: number;
  /** Class names by label index (`id2label`), `LABEL_<i>` when the config has none; only the classifier uses them. */
  labelNames: string[];
  /** `ViTModel`'s pooler: dense (`pooler_output_size` outputs, the hidden size by default) and its activation. */
  poolerOutputSize: number;
  poolerAct: HfActivation;
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
  read: ['model_type', 'architectures', ...Object.keys(HF_DEFAULTS), 'num_labels', 'id2label', 'label2id', 'pruned_heads', 'pooler_output_size', 'pooler_act'],
  // Masked image modelling's setting: a module neither class has.
  ignored: [...HF_BOOKKEEPING_KEYS, ...HF_GENERATION_KEYS, 'encoder_stride'],
};

/** The class `architectures` names; a config without the list is a classifier, as `from_pretrained` of that class reads it. */
function headOf(json: ConfigJson): VitHead {
  const architectures = json.architectures;
  if (architectures === undefined) return 'classification';
  const heads = (Object.keys(VIT_ARCHITECTURES) as VitHead[]).filter((head) => Array.isArray(architectures) && architectures.includes(VIT_ARCHITECTURES[head]));
  if (heads.length !== 1) refuseConfig('architectures', `expected a list naming one of ${Object.values(VIT_ARCHITECTURES).join(', ')} (it decides the head), got ${JSON.stringify(architectures)}`);
  return heads[0];
}

/**
 * Reads a HuggingFace ViT `config.json` (`model_type: "vit"`). Keys left out take
 * `transformers`' defaults; unknown keys and options this implementation does not support
 * (another activation, pruned heads, shapes that do not divide) are errors naming the key.
 * Dropout rates are accepted at any valid value: the forward pass is the eval one.
 */
export function normalizeVitConfig(json: ConfigJson): VitConfig {
  checkKnownKeys(json, KEYS, 'a ViT');
  checkModelClass(json, VIT_MODEL_TYPE);
  const head = headOf(json);
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
  // Only ViTModel has a pooler (a classifier's pooler keys are accepted and ignored); transformers'
  // own default is as wide as the hidden size.
  const poolerJson: ConfigJson = head === 'base' ? json : {};
  const pooler = new ConfigReader(poolerJson, { pooler_output_size: hiddenSize, pooler_act: 'tanh' });
  return {
    head,
    hiddenSize,
    numLayers: read.positiveInteger('num_hidden_layers'),
    numHeads,
    intermediateSize: read.positiveInteger('intermediate_size'),
    imageSize,
    patchSize,
    numChannels: read.positiveInteger('num_channels'),
    numLabels: names.length,
    labelNames: names,
    poolerOutputSize: poolerJson.pooler_output_size === null ? hiddenSize : pooler.positiveInteger('pooler_output_size'),
    poolerAct: pooler.oneOf('pooler_act', Object.keys(HF_ACTIVATIONS) as HfActivation[]),
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
    architectures: [VIT_ARCHITECTURES[config.head]],
    model_type: VIT_MODEL_TYPE,
    initializer_range: config.initializerRange,
    encoder_stride: config.patchSize,
    torch_dtype: 'float32',
    ...labelsJson(config.labelNames),
    // The pooler is ViTModel's alone; a classifier's config leaves its keys to the defaults, as it always has.
    ...(config.head === 'base' ? { pooler_output_size: config.poolerOutputSize, pooler_act: config.poolerAct } : {}),
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
