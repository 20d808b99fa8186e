import { ConfigReader, checkKnownKeys, checkModelClass, refuseConfig } from '@otfuse/core';

export const MLP_MODEL_TYPE = 'otfuse-mlp';
export const MLP_ACTIVATIONS = ['relu', 'gelu', 'tanh'] as const;
export type MlpActivation = (typeof MLP_ACTIVATIONS)[number];

/** An MLP `input → hidden[0] → … → hidden[n-1] → labels`. */
export interface MlpConfig {
  inputSize: number;
  hiddenSizes: number[];
  numLabels: number;
  activation: MlpActivation;
  bias: boolean;
}

const KEYS = { read: ['model_type', 'architectures', 'input_size', 'hidden_sizes', 'num_labels', 'activation', 'bias'], ignored: ['transformers_version', 'torch_dtype'] };
const DEFAULTS = { input_size: undefined, num_labels: undefined, activation: 'relu', bias: true };

/** Reads `config.json` (`model_type: "otfuse-mlp"`); unknown or invalid keys are errors. */
export function normalizeMlpConfig(json: Readonly<Record<string, unknown>>): MlpConfig {
  checkKnownKeys(json, KEYS, 'an MLP');
  checkModelClass(json, MLP_MODEL_TYPE);
  const hidden = json.hidden_sizes;
  if (!Array.isArray(hidden)) refuseConfig('hidden_sizes', `expected a list of layer widths, got ${JSON.stringify(hidden)}`);
  const read = new ConfigReader(json, DEFAULTS);
  const activation = read.value('activation');
  if (!MLP_ACTIVATIONS.includes(activation as MlpActivation)) {
    refuseConfig('activation', `expected one of ${MLP_ACTIVATIONS.join(', ')}, got ${JSON.stringify(activation)}`);
  }
  const bias = read.boolean('bias');
  return {
    inputSize: read.positiveInteger('input_size'),
    hiddenSizes: hidden.map((width, i) => {
      if (!Number.isInteger(width) || width <= 0) refuseConfig(`hidden_sizes[${i}]`, `expected a positive integer, got ${JSON.stringify(width)}`);
      return width as number;
    }),
    numLabels: read.positiveInteger('num_labels'),
    activation: activation as MlpActivation,
    bias,
  };
}

export function mlpConfigJson(config: MlpConfig): Record<string, unknown> {
  return {
    model_type: MLP_MODEL_TYPE,
    architectures: ['OtfuseMlp'],
    input_size: config.inputSize,
    hidden_sizes: [...config.hiddenSizes],
    num_labels: config.numLabels,
    activation: config.activation,
    bias: config.bias,
  };
}

/** Widths of every layer's output, the classifier last. */
export function layerWidths(config: MlpConfig): number[] {
  return [...config.hiddenSizes, config.numLabels];
}
