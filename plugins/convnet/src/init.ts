import { HostTensor } from '@otfuse/core';
import { SeededRandom } from '@otfuse/data';
import { ConvnetConfig } from './config';
import { CONVNET_PARAMS } from './graph';

/** Every parameter's shape, in checkpoint order. */
export function convnetParameterShapes(config: ConvnetConfig): Map<string, number[]> {
  const { inputSize, hiddenSize, numLabels } = config;
  return new Map([
    [CONVNET_PARAMS.hiddenWeight, [hiddenSize, inputSize]],
    [CONVNET_PARAMS.hiddenBias, [hiddenSize]],
    [CONVNET_PARAMS.headWeight, [numLabels, hiddenSize]],
    [CONVNET_PARAMS.headBias, [numLabels]],
  ]);
}

/** Seeded parameters, uniform in ±1/√fan_in like PyTorch's `nn.Linear` default. */
export function initConvnet(config: ConvnetConfig, seed: number): Record<string, HostTensor> {
  const random = new SeededRandom(seed);
  const uniform = (n: number, fanIn: number) => Float32Array.from({ length: n }, () => (2 * random.nextFloat() - 1) / Math.sqrt(fanIn));
  const { inputSize, hiddenSize, numLabels } = config;
  return {
    [CONVNET_PARAMS.hiddenWeight]: { shape: [hiddenSize, inputSize], data: uniform(hiddenSize * inputSize, inputSize) },
    [CONVNET_PARAMS.hiddenBias]: { shape: [hiddenSize], data: uniform(hiddenSize, inputSize) },
    [CONVNET_PARAMS.headWeight]: { shape: [numLabels, hiddenSize], data: uniform(numLabels * hiddenSize, hiddenSize) },
    [CONVNET_PARAMS.headBias]: { shape: [numLabels], data: uniform(numLabels, hiddenSize) },
  };
}
