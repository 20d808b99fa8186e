import type { HostTensor } from '@otfuse/core';
import type { TensorData } from '@otfuse/io';

/** Host tensors as float32 safetensors entries, in the given name order. */
export function tensorEntries(weights: ReadonlyMap<string, HostTensor>, names: readonly string[] = [...weights.keys()]): [string, TensorData][] {
  return names.map((name): [string, TensorData] => {
    const tensor = weights.get(name);
    if (!tensor) throw new Error(`no tensor '${name}' to write`);
    return [name, { dtype: 'F32', shape: [...tensor.shape], data: tensor.data }];
  });
}
