import { HostTensor, name } from '@otfuse/core';
import { SeededRandom } from '@otfuse/data';
import { MlpConfig, layerWidths } from './config';
import { MLP_BIAS, MLP_WEIGHT } from './graph';

/** Seeded parameters, uniform in ±1/√fan_in like PyTorch's `nn.Linear` default. */
export function initMlp(config: MlpConfig, seed: number): Record<string, HostTensor> {
  const random = new SeededRandom(seed);
  const params: Record<string, HostTensor> = {};
  let fanIn = config.inputSize;
  layerWidths(config).forEach((width, i) => {
    const bound = 1 / Math.sqrt(fanIn);
    const uniform = (n: number) => Float32Array.from({ length: n }, () => (2 * random.nextFloat() - 1) * bound);
    params[name(MLP_WEIGHT, { i })] = { shape: [width, fanIn], data: uniform(width * fanIn) };
    if (config.bias) params[name(MLP_BIAS, { i })] = { shape: [width], data: uniform(width) };
    fanIn = width;
  });
  return params;
}
