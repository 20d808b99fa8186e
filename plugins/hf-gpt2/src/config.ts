import { ConfigReader, checkKnownKeys, checkModelClass } from '@otfuse/core';

export const HF_GPT2_MODEL_TYPE = 'hf-gpt2';

/** A two-layer network `input → hidden (tanh) → labels`. */
export interface HfGpt2Config {
  inputSize: number;
  hiddenSize: number;
  numLabels: number;
}

const KEYS = { read: ['model_type', 'architectures', 'input_size', 'hidden_size', 'num_labels'], ignored: ['transformers_version', 'torch_dtype'] };
/** No key has a default: each must be in the file. */
const REQUIRED = { input_size: undefined, hidden_size: undefined, num_labels: undefined };

/** Reads `config.json` (`model_type: "hf-gpt2"`); unknown or invalid keys are errors naming the key. */
export function normalizeHfGpt2Config(json: Readonly<Record<string, unknown>>): HfGpt2Config {
  checkKnownKeys(json, KEYS, 'the hf-gpt2');
  checkModelClass(json, HF_GPT2_MODEL_TYPE);
  const read = new ConfigReader(json, REQUIRED);
  return { inputSize: read.positiveInteger('input_size'), hiddenSize: read.positiveInteger('hidden_size'), numLabels: read.positiveInteger('num_labels') };
}

/** The `config.json` written next to a model. */
export function hfGpt2ConfigJson(config: HfGpt2Config): Record<string, unknown> {
  return {
    model_type: HF_GPT2_MODEL_TYPE,
    architectures: ['HfGpt2'],
    input_size: config.inputSize,
    hidden_size: config.hiddenSize,
    num_labels: config.numLabels,
  };
}
