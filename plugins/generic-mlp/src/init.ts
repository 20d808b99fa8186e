import { HostTensor, ParameterTable, initParameters, name } from '@otfuse/core';
import { MlpConfig, layerWidths } from './config';
import { MLP_ACTIVATION } from './graph';

/** Every layer `layers.{i}`: weight `[out, in]`, then its bias. */
export function mlpParameters(config: MlpConfig): ParameterTable {
  const table = new ParameterTable();
  let fanIn = config.inputSize;
  layerWidths(config).forEach((width, i) => {
    table.linear(name(MLP_ACTIVATION, { i }), width, fanIn, config.bias);
    fanIn = width;
  });
  return table;
}

export const mlpParameterShapes = (config: MlpConfig) => mlpParameters(config).shapes();

/** Seeded parameters, uniform in ±1/√fan_in (weights and biases), PyTorch's `nn.Linear` default. */
export const initMlp = (config: MlpConfig, seed: number): Record<string, HostTensor> => initParameters(mlpParameters(config), seed);
