import * as tf from '@tensorflow/tfjs';
import { FusionError, formatShape } from './errors';

/** A float32 tensor held in host memory: what fusion reads and writes. */
export interface HostTensor {
  shape: number[];
  data: Float32Array;
}

/** A model's parameters by full name, read lazily: one tensor at a time, disposed by the caller. */
export interface ModelWeights {
  names(): string[];
  shape(name: string): readonly number[];
  /** A new float32 tensor holding the parameter; the caller disposes it. */
  tensor(name: string): tf.Tensor;
}

/** Throws a BAD_WEIGHTS error naming the tensor and the first non-finite entry. */
export function assertFinite(name: string, data: ArrayLike<number>, source = 'weights'): void {
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      throw new FusionError('BAD_WEIGHTS', `${source}: tensor '${name}' has a non-finite value (${data[i]}) at flat index ${i}`);
    }
  }
}

/** Weights held in memory (built in tests, produced by a fusion, or loaded whole). */
export class InMemoryWeights implements ModelWeights {
  private readonly tensors: ReadonlyMap<string, HostTensor>;

  constructor(tensors: Record<string, HostTensor> | ReadonlyMap<string, HostTensor>, source = 'weights') {
    this.tensors = tensors instanceof Map ? tensors : new Map(Object.entries(tensors));
    for (const [name, t] of this.tensors) {
      const size = t.shape.reduce((a, b) => a * b, 1);
      if (size !== t.data.length) {
        throw new FusionError('BAD_WEIGHTS', `${source}: tensor '${name}' has ${t.data.length} values but shape ${formatShape(t.shape)} needs ${size}`);
      }
      assertFinite(name, t.data, source);
    }
  }

  names(): string[] {
    return [...this.tensors.keys()];
  }

  shape(name: string): readonly number[] {
    return this.get(name).shape;
  }

  tensor(name: string): tf.Tensor {
    const t = this.get(name);
    return tf.tensor(t.data, t.shape, 'float32');
  }

  host(name: string): HostTensor {
    return this.get(name);
  }

  private get(name: string): HostTensor {
    const t = this.tensors.get(name);
    if (!t) throw new FusionError('BAD_WEIGHTS', `no tensor named '${name}'`);
    return t;
  }
}

export function shapeTable(weights: ModelWeights): Map<string, readonly number[]> {
  return new Map(weights.names().map((n) => [n, weights.shape(n)]));
}

/** The named parameters (default: every one) as tensors, for a forward pass; dispose with `disposeAll`. */
export function loadAll(weights: ModelWeights, names: readonly string[] = weights.names()): Record<string, tf.Tensor> {
  const out: Record<string, tf.Tensor> = {};
  try {
    for (const n of names) out[n] = weights.tensor(n);
  } catch (error) {
    disposeAll(out);
    throw error;
  }
  return out;
}

export function disposeAll(tensors: Record<string, tf.Tensor>): void {
  for (const t of Object.values(tensors)) t.dispose();
}
