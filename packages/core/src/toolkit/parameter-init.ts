import { SeededRandom } from '@otfuse/extension';
import type { HostTensor } from '../weights';
import { ParameterEntry, ParameterKind, ParameterTable } from './parameter-table';

/** How one kind of parameter is drawn. Fan-based draws read the entry's own weight shape. */
export type Draw = 'zeros' | 'ones' | 'uniform-fan-in' | 'kaiming-normal-fan-out' | { normal: number };

/**
 * PyTorch's own defaults: `nn.Linear` and `nn.Conv2d` uniform in ±1/√fan_in, weight and bias;
 * `nn.Embedding` N(0, 1); norms γ 1, β 0; fresh running statistics, no batches seen.
 */
const PYTORCH_DEFAULTS: Record<ParameterKind, Draw> = {
  linear: 'uniform-fan-in',
  'linear-bias': 'uniform-fan-in',
  conv: 'uniform-fan-in',
  'conv-bias': 'uniform-fan-in',
  embedding: { normal: 1 },
  'norm-scale': 'ones',
  'norm-shift': 'zeros',
  'running-mean': 'zeros',
  'running-var': 'ones',
  'batch-count': 'zeros',
};

/**
 * HuggingFace's `_init_weights` of its transformers (BERT, ViT, GPT-2, …): linear and
 * convolution weights and embeddings from N(0, std²) (`initializer_range`), biases 0.
 */
export function hfTransformerDraws(std: number): Partial<Record<ParameterKind, Draw>> {
  const normal = { normal: std };
  return { linear: normal, 'linear-bias': 'zeros', conv: normal, 'conv-bias': 'zeros', embedding: normal };
}

/**
 * Seeded parameters for every entry of `table`, in its order from one generator (one seed, one
 * model), each kind drawn as `draws` says or else as PyTorch does by default.
 */
export function initParameters(table: ParameterTable, seed: number, draws: Partial<Record<ParameterKind, Draw>> = {}): Record<string, HostTensor> {
  const random = new SeededRandom(seed);
  const params: Record<string, HostTensor> = {};
  for (const [name, entry] of table) params[name] = { shape: [...entry.shape], data: drawn(entry, draws[entry.kind] ?? PYTORCH_DEFAULTS[entry.kind], random) };
  return params;
}

function drawn(entry: ParameterEntry, draw: Draw, random: SeededRandom): Float32Array {
  const size = entry.shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(size);
  if (draw === 'ones') data.fill(1);
  else if (draw === 'uniform-fan-in') {
    const bound = 1 / Math.sqrt(fanIn(entry));
    for (let i = 0; i < size; i++) data[i] = (2 * random.nextFloat() - 1) * bound;
  } else if (draw === 'kaiming-normal-fan-out') {
    // Kaiming normal with the ReLU gain over the outputs: N(0, 2 / (out · kernel area)).
    const std = Math.sqrt(2 / (size / entry.shape[1]));
    for (let i = 0; i < size; i++) data[i] = random.nextNormal() * std;
  } else if (draw !== 'zeros') {
    for (let i = 0; i < size; i++) data[i] = random.nextNormal() * draw.normal;
  }
  return data;
}

function fanIn(entry: ParameterEntry): number {
  // A tensor declared without a weight (a learned table) counts its trailing axes as inputs.
  return entry.fanIn ?? entry.shape.slice(1).reduce((a, b) => a * b, 1);
}
