import { ConfigJson, ConfigReader, HF_BOOKKEEPING_KEYS, checkKnownKeys, checkModelClass, labelsJson, readLabelNames, refuseConfig, withExtras } from '@otfuse/core';

export const VGG_MODEL_TYPE = 'otfuse-vgg';
export const VGG_ARCHITECTURE = 'OtfuseVggForImageClassification';
/** A max pool 2×2, stride 2, in a layer list. */
export const VGG_POOL = 'M';
export type VggLayer = number | typeof VGG_POOL;

/**
 * A VGG-style convnet (OTFusion's VGG11 family): 3×3 convolutions (padding 1) with optional
 * BatchNorm and ReLU, max pools, the final feature map flattened into one or more linear layers.
 */
export interface VggConfig {
  numChannels: number;
  /** Side of the square input images. */
  imageSize: number;
  /** Output channels of each convolution, `'M'` for a max pool, e.g. `[32, 'M', 64, 'M', 128, 128, 'M']`. */
  layers: VggLayer[];
  batchNorm: boolean;
  /** The convolutions have biases. */
  bias: boolean;
  /** Widths of the hidden linear layers between the flatten and the output layer (ReLU after each). */
  classifierSizes: number[];
  numLabels: number;
  labelNames: string[];
}

const DEFAULTS = { num_channels: 3, image_size: undefined, layers: undefined, batch_norm: false, bias: true, classifier_sizes: [] as number[] };
const KEYS = { read: ['model_type', 'architectures', ...Object.keys(DEFAULTS), 'num_labels', 'id2label', 'label2id'], ignored: HF_BOOKKEEPING_KEYS };

function readLayers(value: unknown): VggLayer[] {
  const valid = Array.isArray(value) && value.every((v) => v === VGG_POOL || (Number.isInteger(v) && v > 0));
  if (!valid || !Number.isInteger(value[0])) {
    refuseConfig('layers', `expected a list of channel counts and "${VGG_POOL}" (max pool) starting with a convolution, got ${JSON.stringify(value)}`);
  }
  return [...(value as VggLayer[])];
}

/** Reads an otfuse VGG `config.json`; `image_size` and `layers` are required, unknown keys are errors naming the key. */
export function normalizeVggConfig(json: ConfigJson): VggConfig {
  checkKnownKeys(json, KEYS, 'a VGG');
  checkModelClass(json, VGG_MODEL_TYPE, VGG_ARCHITECTURE);
  const read = new ConfigReader(json, DEFAULTS);
  const layers = readLayers(json.layers);
  const imageSize = read.positiveInteger('image_size');
  const reduction = 2 ** layers.filter((l) => l === VGG_POOL).length;
  if (imageSize % reduction !== 0) refuseConfig('image_size', `${imageSize} does not halve ${Math.log2(reduction)} times, once per max pool in layers`);
  const classifierSizes = read.value('classifier_sizes');
  if (!Array.isArray(classifierSizes) || !classifierSizes.every((v) => Number.isInteger(v) && v > 0)) {
    refuseConfig('classifier_sizes', `expected a list of positive integers (possibly empty), got ${JSON.stringify(classifierSizes)}`);
  }
  const labelNames = readLabelNames(json);
  return {
    numChannels: read.positiveInteger('num_channels'),
    imageSize,
    layers,
    batchNorm: read.boolean('batch_norm'),
    bias: read.boolean('bias'),
    classifierSizes: [...(classifierSizes as number[])],
    numLabels: labelNames.length,
    labelNames,
  };
}

/** The `config.json` written next to a model; `extras` may add keys, not replace them. */
export function vggConfigJson(config: VggConfig, extras: ConfigJson = {}): Record<string, unknown> {
  return withExtras({
    model_type: VGG_MODEL_TYPE,
    architectures: [VGG_ARCHITECTURE],
    num_channels: config.numChannels,
    image_size: config.imageSize,
    layers: [...config.layers],
    batch_norm: config.batchNorm,
    bias: config.bias,
    classifier_sizes: [...config.classifierSizes],
    ...labelsJson(config.labelNames),
  }, extras);
}
