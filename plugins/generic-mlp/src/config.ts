import { FusionError } from '@otfuse/core';

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

const KNOWN_KEYS = new Set(['model_type', 'architectures', 'input_size', 'hidden_sizes', 'num_labels', 'activation', 'bias', 'transformers_version', 'torch_dtype']);

/** Reads `config.json` (`model_type: "otfuse-mlp"`); unknown or invalid keys are errors. */
export function normalizeMlpConfig(json: Readonly<Record<string, unknown>>): MlpConfig {
  const bad = (key: string, detail: string): never => {
    throw new FusionError('BAD_OPTION', detail, ['config.json', key]);
  };
  for (const key of Object.keys(json)) {
    if (!KNOWN_KEYS.has(key)) bad(key, `unknown key; expected one of ${[...KNOWN_KEYS].join(', ')}`);
  }
  if (json.model_type !== MLP_MODEL_TYPE) bad('model_type', `expected '${MLP_MODEL_TYPE}', got ${JSON.stringify(json.model_type)}`);
  const positive = (key: string, value: unknown): number => {
    if (!Number.isInteger(value) || (value as number) <= 0) bad(key, `expected a positive integer, got ${JSON.stringify(value)}`);
    return value as number;
  };
  const hidden = json.hidden_sizes;
  if (!Array.isArray(hidden)) bad('hidden_sizes', `expected a list of layer widths, got ${JSON.stringify(hidden)}`);
  const activation = json.activation ?? 'relu';
  if (!MLP_ACTIVATIONS.includes(activation as MlpActivation)) {
    bad('activation', `expected one of ${MLP_ACTIVATIONS.join(', ')}, got ${JSON.stringify(activation)}`);
  }
  const bias = json.bias ?? true;
  if (typeof bias !== 'boolean') bad('bias', `expected true or false, got ${JSON.stringify(bias)}`);
  return {
    inputSize: positive('input_size', json.input_size),
    hiddenSizes: (hidden as unknown[]).map((w, i) => positive(`hidden_sizes[${i}]`, w)),
    numLabels: positive('num_labels', json.num_labels),
    activation: activation as MlpActivation,
    bias: bias as boolean,
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
