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
import { VisionFamily } from './family';
import { VIT } from './families/vit';

export const VIT_MODEL_TYPE = VIT.config.modelType;
export const VIT_ARCHITECTURE = VIT.heads.classification.architecture;
/** The HuggingFace classes of a family, by head. */
export const familyArchitectures = (family: VisionFamily): Record<string, string> => Object.fromEntries(Object.entries(family.heads).map(([head, spec]) => [head, spec.architecture]));
/** The HuggingFace classes this plugin reads and writes as ViTs, by head: the classifier, or the base model with its pooler. */
export const VIT_ARCHITECTURES = { classification: VIT_ARCHITECTURE, base: VIT.heads.base.architecture } as const;
export type VitHead = keyof typeof VIT.heads;
/** The task each head is trained and evaluated for (`@otfuse/train`'s `TASK`). */
export const VIT_HEAD_TASKS: Readonly<Record<VitHead, string>> = { classification: VIT.heads.classification.task, base: VIT.heads.base.task };
/** HuggingFace's `gelu` is the exact GELU, `x·Φ(x)` with the error function. */
export const VIT_ACTIVATIONS = ['gelu'] as const;
export type VitActivation = (typeof VIT_ACTIVATIONS)[number];

/** A vision transformer of one family with square images, square patches and one of the family's heads. */
export interface VisionConfig {
  head: string;
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  intermediateSize: number;
  imageSize: number;
  patchSize: number;
  numChannels: number;
  numLabels: number;
  /** Class names by label index (`id2label`), `LABEL_<i>` when the config has none; only classifiers use them. */
  labelNames: string[];
  /** A base model's pooler: dense (`pooler_output_size` outputs, the hidden size by default) and its activation. */
  poolerOutputSize: number;
  poolerAct: HfActivation;
  layerNormEps: number;
  hiddenAct: VitActivation;
  qkvBias: boolean;
  /** Standard deviation of the initial weights (used by `initVision`). */
  initializerRange: number;
  /** Dropout rates: kept so a written config trains like the original; inference ignores them. */
  hiddenDropoutProb: number;
  attentionProbsDropoutProb: number;
}

/** A `ViTForImageClassification` or `ViTModel`. */
export interface VitConfig extends VisionConfig {
  head: VitHead;
}

export interface PatchGrid {
  rows: number;
  cols: number;
  patches: number;
  /** Sequence length inside the encoder: every patch plus the tokens prepended to them (ViT: the CLS token). */
  tokens: number;
}

/** The keys a family's config reads, and those it ignores. */
const knownKeys = (family: VisionFamily) => ({
  read: ['model_type', 'architectures', ...Object.keys(family.config.defaults), 'num_labels', 'id2label', 'label2id', 'pruned_heads', 'pooler_output_size', 'pooler_act'],
  // Masked image modelling's setting: a module no class read here has.
  ignored: [...HF_BOOKKEEPING_KEYS, ...HF_GENERATION_KEYS, 'encoder_stride'],
});

/** The class `architectures` names; a config without the list has the family's default head. */
function headOf(family: VisionFamily, json: ConfigJson): string {
  const architectures = json.architectures;
  if (architectures === undefined) return family.config.defaultHead;
  const classes = familyArchitectures(family);
  const heads = Object.keys(classes).filter((head) => Array.isArray(architectures) && architectures.includes(classes[head]));
  if (heads.length !== 1) refuseConfig('architectures', `expected a list naming one of ${Object.values(classes).join(', ')} (it decides the head), got ${JSON.stringify(architectures)}`);
  return heads[0];
}

/**
 * Reads a HuggingFace `config.json` of the family (its `model_type`). Keys left out take
 * `transformers`' defaults; unknown keys and options this implementation does not support
 * (another activation, pruned heads, shapes that do not divide) are errors naming the key.
 * Dropout rates are accepted at any valid value: the forward pass is the eval one.
 */
export function normalizeVisionConfig(family: VisionFamily, json: ConfigJson): VisionConfig {
  checkKnownKeys(json, knownKeys(family), family.label);
  checkModelClass(json, family.config.modelType);
  const head = headOf(family, json);
  const read = new ConfigReader(json, family.config.defaults);
  const hiddenAct = read.oneOf('hidden_act', VIT_ACTIVATIONS, 'exact, erf-based GELU');
  refusePrunedHeads(json);
  const hiddenSize = read.positiveInteger('hidden_size');
  const numHeads = read.positiveInteger('num_attention_heads');
  if (hiddenSize % numHeads !== 0) refuseConfig('hidden_size', `${hiddenSize} is not divisible by num_attention_heads (${numHeads})`);
  const imageSize = read.positiveInteger('image_size');
  const patchSize = read.positiveInteger('patch_size');
  if (imageSize % patchSize !== 0) refuseConfig('image_size', `${imageSize} is not divisible by patch_size (${patchSize})`);
  const names = readLabelNames(json);
  // Only a base model has a pooler (a classifier's pooler keys are accepted and ignored);
  // transformers' own default is as wide as the hidden size.
  const poolerJson: ConfigJson = family.heads[head].pooler ? json : {};
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
 * The `config.json` `from_pretrained` of the head's class loads for this config, keys in the
 * order `transformers` writes them. `extras` adds keys (e.g. `transformers_version`); it may not
 * replace one this function writes.
 */
export function visionConfigJson(family: VisionFamily, config: VisionConfig, extras: ConfigJson = {}): Record<string, unknown> {
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
    architectures: [family.heads[config.head].architecture],
    model_type: family.config.modelType,
    initializer_range: config.initializerRange,
    encoder_stride: config.patchSize,
    torch_dtype: 'float32',
    ...labelsJson(config.labelNames),
    // The pooler is a base model's alone; a classifier's config leaves its keys to the defaults, as it always has.
    ...(family.heads[config.head].pooler ? { pooler_output_size: config.poolerOutputSize, pooler_act: config.poolerAct } : {}),
  };
  return withExtras(json, extras);
}

/** Reads a HuggingFace ViT `config.json` (`model_type: "vit"`); see `normalizeVisionConfig`. */
export const normalizeVitConfig = (json: ConfigJson): VitConfig => normalizeVisionConfig(VIT, json) as VitConfig;

/** The `config.json` of a ViT; see `visionConfigJson`. */
export const vitConfigJson = (config: VitConfig, extras: ConfigJson = {}): Record<string, unknown> => visionConfigJson(VIT, config, extras);

/** The patch grid the image is cut into, and the encoder's sequence length with `prepended` tokens before the patches. */
export function patchGrid(config: Pick<VisionConfig, 'imageSize' | 'patchSize'>, prepended = 1): PatchGrid {
  const rows = config.imageSize / config.patchSize;
  const cols = rows;
  return { rows, cols, patches: rows * cols, tokens: rows * cols + prepended };
}

/** The patch grid of a family's model: its sequence holds the family's prepended tokens. */
export const familyGrid = (family: VisionFamily, config: Pick<VisionConfig, 'imageSize' | 'patchSize'>): PatchGrid => patchGrid(config, family.embeddings.tokens.length);

export function headSize(config: Pick<VisionConfig, 'hiddenSize' | 'numHeads'>): number {
  return config.hiddenSize / config.numHeads;
}
