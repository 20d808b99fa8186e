import { HostTensor, ParameterTable, initParameters } from '@otfuse/core';
import { HfLlamaConfig } from './config';
import { HF_LLAMA_HEAD, HF_LLAMA_HIDDEN } from './graph';

/** Every parameter, in checkpoint order: the shapes, the initial draws and each stage's parameters derive from it. */
export function hfLlamaParameters(config: HfLlamaConfig): ParameterTable {
  return new ParameterTable().linear(HF_LLAMA_HIDDEN, config.hiddenSize, config.inputSize).linear(HF_LLAMA_HEAD, config.numLabels, config.hiddenSize);
}

export const hfLlamaParameterShapes = (config: HfLlamaConfig) => hfLlamaParameters(config).shapes();

/** Seeded parameters, uniform in ±1/√fan_in like PyTorch's `nn.Linear` default. */
export const initHfLlama = (config: HfLlamaConfig, seed: number): Record<string, HostTensor> => initParameters(hfLlamaParameters(config), seed);
