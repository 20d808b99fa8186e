import { HostTensor, ParameterTable, initParameters } from '@otfuse/core';
import { HfGpt2Config } from './config';
import { HF_GPT2_HEAD, HF_GPT2_HIDDEN } from './graph';

/** Every parameter, in checkpoint order: the shapes, the initial draws and each stage's parameters derive from it. */
export function hfGpt2Parameters(config: HfGpt2Config): ParameterTable {
  return new ParameterTable().linear(HF_GPT2_HIDDEN, config.hiddenSize, config.inputSize).linear(HF_GPT2_HEAD, config.numLabels, config.hiddenSize);
}

export const hfGpt2ParameterShapes = (config: HfGpt2Config) => hfGpt2Parameters(config).shapes();

/** Seeded parameters, uniform in ±1/√fan_in like PyTorch's `nn.Linear` default. */
export const initHfGpt2 = (config: HfGpt2Config, seed: number): Record<string, HostTensor> => initParameters(hfGpt2Parameters(config), seed);
