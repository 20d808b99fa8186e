import { FusionError } from '@otfuse/core';

export const HF_BERT_MODEL_TYPE = 'hf-bert';

/** A two-layer network `input → hidden (tanh) → labels`. */
export interface HfBertConfig {
  inputSize: number;
  hiddenSize: number;
  numLabels: number;
}

const KNOWN_KEYS = new Set(['model_type', 'architectures', 'input_size', 'hidden_size', 'num_labels', 'transformers_version', 'torch_dtype']);

/** Reads `config.json` (`model_type: "hf-bert"`); unknown or invalid keys are errors. */
export function normalizeHfBertConfig(json: Readonly<Record<string, unknown>>): HfBertConfig {
  const bad = (key: string, detail: string): never => {
    throw new FusionError('BAD_OPTION', detail, ['config.json', key]);
  };
  for (const key of Object.keys(json)) {
    if (!KNOWN_KEYS.has(key)) bad(key, `unknown key; expected one of ${[...KNOWN_KEYS].join(', ')}`);
  }
  if (json.model_type !== HF_BERT_MODEL_TYPE) bad('model_type', `expected '${HF_BERT_MODEL_TYPE}', got ${JSON.stringify(json.model_type)}`);
  const positive = (key: string): number => {
    const value = json[key];
    if (!Number.isInteger(value) || (value as number) <= 0) bad(key, `expected a positive integer, got ${JSON.stringify(value)}`);
    return value as number;
  };
  return { inputSize: positive('input_size'), hiddenSize: positive('hidden_size'), numLabels: positive('num_labels') };
}

/** The `config.json` written next to a model. */
export function hfBertConfigJson(config: HfBertConfig): Record<string, unknown> {
  return {
    model_type: HF_BERT_MODEL_TYPE,
    architectures: ['HfBert'],
    input_size: config.inputSize,
    hidden_size: config.hiddenSize,
    num_labels: config.numLabels,
  };
}
