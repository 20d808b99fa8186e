import { FusionError, HostTensor } from '@otfuse/core';

/** A tensor as a safetensors writer takes it (the shape of `@otfuse/io`'s `TensorData`). */
export interface CheckpointTensor {
  dtype: 'F32' | 'I64';
  shape: number[];
  data: Float32Array | BigInt64Array;
}

/** Tensors PyTorch stores as 64-bit integers: BatchNorm's batch counters. */
export const isInt64Tensor = (name: string) => name.endsWith('.num_batches_tracked');

/**
 * The model's tensors as HuggingFace stores them, in `names` order: float32, except each
 * BatchNorm's `num_batches_tracked`, an I64 of shape `[]`, rounded to the nearest count (an
 * average of two parents' counters may fall between two).
 */
export function checkpointEntries(weights: ReadonlyMap<string, HostTensor>, names: readonly string[] = [...weights.keys()]): [string, CheckpointTensor][] {
  return names.map((name): [string, CheckpointTensor] => {
    const tensor = weights.get(name);
    if (!tensor) throw new FusionError('BAD_WEIGHTS', `no tensor '${name}' to write`);
    if (!isInt64Tensor(name)) return [name, { dtype: 'F32', shape: [...tensor.shape], data: tensor.data }];
    return [name, { dtype: 'I64', shape: [...tensor.shape], data: BigInt64Array.from(tensor.data, (v) => BigInt(Math.round(v))) }];
  });
}
