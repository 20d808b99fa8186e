import { HostTensor } from '@otfuse/core';
import { SeededRandom } from '@otfuse/extension';

/**
 * Seeded parameters as `transformers`' convnets initialise them (`_init_weights`), drawn in
 * `state_dict` order from one generator: convolutions from N(0, 2 / fan_out) (Kaiming normal,
 * `fan_out`, ReLU gain), their biases 0; linear layers uniform in ±1/√fan_in, weight and bias
 * (PyTorch's `nn.Linear` default); BatchNorm γ 1, β 0, running mean 0, running variance 1, no
 * batches seen. `denseModules` are linear layers whose weight has more than two axes.
 */
export function initByKind(shapes: ReadonlyMap<string, readonly number[]>, seed: number, denseModules: ReadonlySet<string> = new Set()): Record<string, HostTensor> {
  const random = new SeededRandom(seed);
  const params: Record<string, HostTensor> = {};
  const fanIns = new Map<string, number>();
  for (const [name, shape] of shapes) {
    const size = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    const module = name.slice(0, name.lastIndexOf('.'));
    if (name.endsWith('.weight') && (shape.length === 2 || denseModules.has(module))) {
      const fanIn = size / shape[0];
      fanIns.set(module, fanIn);
      uniform(data, random, 1 / Math.sqrt(fanIn));
    } else if (name.endsWith('.weight') && shape.length === 4) {
      const std = Math.sqrt(2 / (shape[0] * shape[2] * shape[3]));
      for (let i = 0; i < size; i++) data[i] = random.nextNormal() * std;
    } else if (name.endsWith('.bias') && fanIns.has(module)) {
      uniform(data, random, 1 / Math.sqrt(fanIns.get(module) as number));
    } else if (name.endsWith('.weight') || name.endsWith('.running_var')) {
      data.fill(1);
    }
    params[name] = { shape: [...shape], data };
  }
  return params;
}

function uniform(data: Float32Array, random: SeededRandom, bound: number): void {
  for (let i = 0; i < data.length; i++) data[i] = (2 * random.nextFloat() - 1) * bound;
}
