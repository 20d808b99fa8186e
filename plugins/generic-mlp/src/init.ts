import { HostTensor, name } from '@otfuse/core';
import { SeededRandom } from '@otfuse/extension';
import { MlpConfig, layerWidths } from './config';
import { MLP_BIAS, MLP_WEIGHT } from './graph';

/** Every parameter's shape, layer by layer (weight `[out, in]`, then bias). */
export function mlpParameterShapes(config: MlpConfig): Map<string, number[]> {
  const shapes = new Map<string, number[]>();
  let fanIn = config.inputSize;
  layerWidths(config).forEach((width, i) => {
    shapes.set(name(MLP_WEIGHT, { i }), [width, fanIn]);
    if (config.bias) shapes.set(name(MLP_BIAS, { i }), [width]);
    fanIn = width;
  });
  return shapes;
}

/** Seeded parameters, uniform in ±1/√fan_in like PyTorch's `nn.Linear` default. */
export function initMlp(config: MlpConfig, seed: number): Record<string, HostTensor> {
  const random = new SeededRandom(seed);
  const params: Record<string, HostTensor> = {};
  let fanIn = config.inputSize;
  for (const [param, shape] of mlpParameterShapes(config)) {
    // A layer's bias shares the fan-in of its weight, which comes first.
    if (shape.length === 2) fanIn = shape[1];
    const bound = 1 / Math.sqrt(fanIn);
    const size = shape.reduce((a, b) => a * b, 1);
    params[param] = { shape, data: Float32Array.from({ length: size }, () => (2 * random.nextFloat() - 1) * bound) };
  }
  return params;
}
