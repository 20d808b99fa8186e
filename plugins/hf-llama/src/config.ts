import { ConfigReader, checkKnownKeys, checkModelClass } from '@otfuse/core';

export const HF_LLAMA_MODEL_TYPE = 'hf-llama';

/** A two-layer network `input → hidden (tanh) → labels`. */
export interface HfLlamaConfig {
  inputSize: number;
  hiddenSize: number;
  numLabels: number;
}

const KEYS = { read: ['model_type', 'architectures', 'input_size', 'hidden_size', 'num_labels'], ignored: ['transformers_version', 'torch_dtype'] };
/** No key has a default: each must be in the file. */
const REQUIRED = { input_size: undefined, hidden_size: undefined, num_labels: undefined };

/** Reads `config.json` (`model_type: "hf-llama"`); unknown or invalid keys are errors naming the key. */
export function normalizeHfLlamaConfig(json: Readonly<Record<string, unknown>>): HfLlamaConfig {
  checkKnownKeys(json, KEYS, 'the hf-llama');
  checkModelClass(json, HF_LLAMA_MODEL_TYPE);
  const read = new ConfigReader(json, REQUIRED);
  return { inputSize: read.positiveInteger('input_size'), hiddenSize: read.positiveInteger('hidden_size'), numLabels: read.positiveInteger('num_labels') };
}

/** The `config.json` written next to a model. */
export function hfLlamaConfigJson(config: HfLlamaConfig): Record<string, unknown> {
  return {
    model_type: HF_LLAMA_MODEL_TYPE,
    architectures: ['HfLlama'],
    input_size: config.inputSize,
    hidden_size: config.hiddenSize,
    num_labels: config.numLabels,
  };
}
