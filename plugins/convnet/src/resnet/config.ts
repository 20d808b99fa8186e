import { ConfigJson, ConfigReader, HF_BOOKKEEPING_KEYS, checkKnownKeys, checkModelClass, labelsJson, readLabelNames, refuseConfig, withExtras } from '@otfuse/core';
import { ACTIVATIONS, Activation } from '../layers/activations';

export const RESNET_MODEL_TYPE = 'resnet';
export const RESNET_ARCHITECTURE = 'ResNetForImageClassification';
export const RESNET_LAYER_TYPES = ['basic', 'bottleneck'] as const;
export type ResnetLayerType = (typeof RESNET_LAYER_TYPES)[number];

/** A HuggingFace `ResNetForImageClassification`. */
export interface ResnetConfig {
  numChannels: number;
  /** Channels of the stem (conv 7×7, stride 2). */
  embeddingSize: number;
  /** Output channels of each stage. */
  hiddenSizes: number[];
  /** Residual layers of each stage. */
  depths: number[];
  layerType: ResnetLayerType;
  /** The stem's activation and each residual layer's after the junction (inner convolutions use ReLU, as in `transformers`). */
  hiddenAct: Activation;
  /** The first stage halves the resolution too. */
  downsampleInFirstStage: boolean;
  /** A bottleneck's stride sits in its first 1×1 convolution instead of its 3×3 one. */
  downsampleInBottleneck: boolean;
  numLabels: number;
  /** Class names by label index (`id2label`), `LABEL_<i>` when the config has none. */
  labelNames: string[];
}

/** `transformers`' `ResNetConfig` defaults, for keys a config leaves out. */
const HF_DEFAULTS = {
  num_channels: 3,
  embedding_size: 64,
  hidden_sizes: [256, 512, 1024, 2048],
  depths: [3, 4, 6, 3],
  layer_type: 'bottleneck',
  hidden_act: 'relu',
  downsample_in_first_stage: false,
  downsample_in_bottleneck: false,
};

const KEYS = {
  read: ['model_type', 'architectures', ...Object.keys(HF_DEFAULTS), 'num_labels', 'id2label', 'label2id'],
  // The backbone's output selection: for `ResNetBackbone`, not the classifier.
  ignored: [...HF_BOOKKEEPING_KEYS, 'out_features', 'out_indices', 'stage_names'],
};

/** A bottleneck narrows its inner convolutions to a quarter of its output, as HuggingFace's does. */
export const BOTTLENECK_REDUCTION = 4;

/**
 * Reads a HuggingFace ResNet `config.json` (`model_type: "resnet"`). Keys left out take
 * `transformers`' defaults; unknown keys and configurations HuggingFace would silently reshape
 * (fewer depths than stages, a bottleneck narrower than 4 channels) are errors naming the key.
 */
export function normalizeResnetConfig(json: ConfigJson): ResnetConfig {
  checkKnownKeys(json, KEYS, 'a ResNet');
  checkModelClass(json, RESNET_MODEL_TYPE, RESNET_ARCHITECTURE);
  const read = new ConfigReader(json, HF_DEFAULTS);
  const hiddenSizes = read.positiveIntegers('hidden_sizes');
  const depths = read.positiveIntegers('depths');
  if (depths.length !== hiddenSizes.length) refuseConfig('depths', `names ${depths.length} stages but hidden_sizes names ${hiddenSizes.length}`);
  const layerType = read.oneOf('layer_type', RESNET_LAYER_TYPES);
  const narrow = hiddenSizes.find((size) => size < BOTTLENECK_REDUCTION);
  if (layerType === 'bottleneck' && narrow !== undefined) {
    refuseConfig('hidden_sizes', `a bottleneck stage needs at least ${BOTTLENECK_REDUCTION} channels (its inner width is a quarter), got ${narrow}`);
  }
  const labelNames = readLabelNames(json);
  return {
    numChannels: read.positiveInteger('num_channels'),
    embeddingSize: read.positiveInteger('embedding_size'),
    hiddenSizes,
    depths,
    layerType,
    hiddenAct: read.oneOf('hidden_act', ACTIVATIONS),
    downsampleInFirstStage: read.boolean('downsample_in_first_stage'),
    downsampleInBottleneck: read.boolean('downsample_in_bottleneck'),
    numLabels: labelNames.length,
    labelNames,
  };
}

/** Stage names as `transformers` derives them: the stem, then `stage1` … `stageN`. */
export function resnetStageNames(config: Pick<ResnetConfig, 'depths'>): string[] {
  return ['stem', ...config.depths.map((_, i) => `stage${i + 1}`)];
}

/**
 * The `config.json` `ResNetForImageClassification.from_pretrained` loads for this config, keys
 * in the order `transformers` writes them; the backbone's output selection is its default (the
 * last stage). `extras` adds keys (e.g. `transformers_version`); it may not replace one.
 */
export function resnetConfigJson(config: ResnetConfig, extras: ConfigJson = {}): Record<string, unknown> {
  const stageNames = resnetStageNames(config);
  return withExtras({
    architectures: [RESNET_ARCHITECTURE],
    depths: [...config.depths],
    downsample_in_bottleneck: config.downsampleInBottleneck,
    downsample_in_first_stage: config.downsampleInFirstStage,
    dtype: 'float32',
    embedding_size: config.embeddingSize,
    hidden_act: config.hiddenAct,
    hidden_sizes: [...config.hiddenSizes],
    ...labelsJson(config.labelNames),
    layer_type: config.layerType,
    model_type: RESNET_MODEL_TYPE,
    num_channels: config.numChannels,
    out_features: [stageNames[stageNames.length - 1]],
    out_indices: [stageNames.length - 1],
    stage_names: stageNames,
  }, extras);
}
