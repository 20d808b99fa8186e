import { type HostTensor, InMemoryWeights, type ModelWeights } from '../weights';
import type { ShapeOf } from './permuted-parameters';

/** A parameter's values on the host: the held array itself for weights in memory, else read once from its tensor. */
export function readHost(weights: ModelWeights, name: string): HostTensor {
  if (weights instanceof InMemoryWeights) return weights.host(name);
  const tensor = weights.tensor(name);
  try {
    return { shape: [...tensor.shape], data: tensor.dataSync() as Float32Array };
  } finally {
    tensor.dispose();
  }
}

/** The weights' shapes by name, undefined for a name they do not have. */
export function shapesOf(weights: ModelWeights): ShapeOf {
  const names = new Set(weights.names());
  return (param) => (names.has(param) ? weights.shape(param) : undefined);
}
