import type { ArchitecturePlugin, HostTensor, IntegerDtype } from '@otfuse/core';
import type { TensorArray, TensorData } from '@otfuse/io';

/** Tensors stored as integers, by name (e.g. BatchNorm's `num_batches_tracked`, I64); every other one is float32. */
export type IntegerTensors = ReadonlyMap<string, IntegerDtype>;

/**
 * The integer tensors of a model otfuse writes: those its source checkpoint stores as integers
 * (the anchor's, when fusing), and those the architecture declares (a new model's, or where the
 * source stored them as floats), so a folder keeps the dtypes its framework gives those tensors.
 */
export function integerTensorsOf(architecture: ArchitecturePlugin, config: unknown, stored: IntegerTensors = new Map()): Map<string, IntegerDtype> {
  return new Map([...(architecture.integerTensors?.(config) ?? []), ...stored]);
}

const INTEGER_RANGES: Readonly<Record<IntegerDtype, { min: number; max: number; array: (values: number[]) => TensorArray }>> = {
  I64: { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER, array: (v) => BigInt64Array.from(v, BigInt) },
  U64: { min: 0, max: Number.MAX_SAFE_INTEGER, array: (v) => BigUint64Array.from(v, BigInt) },
  I32: { min: -(2 ** 31), max: 2 ** 31 - 1, array: (v) => Int32Array.from(v) },
  U32: { min: 0, max: 2 ** 32 - 1, array: (v) => Uint32Array.from(v) },
  I16: { min: -(2 ** 15), max: 2 ** 15 - 1, array: (v) => Int16Array.from(v) },
  U16: { min: 0, max: 2 ** 16 - 1, array: (v) => Uint16Array.from(v) },
  I8: { min: -128, max: 127, array: (v) => Int8Array.from(v) },
  U8: { min: 0, max: 255, array: (v) => Uint8Array.from(v) },
};

/**
 * Host tensors as safetensors entries, in the given name order: float32, except the tensors
 * `integers` names, stored with their integer dtype and rounded to the nearest integer (an
 * average of two parents' batch counters may fall between two).
 */
export function tensorEntries(weights: ReadonlyMap<string, HostTensor>, names: readonly string[] = [...weights.keys()], integers: IntegerTensors = new Map()): [string, TensorData][] {
  return names.map((name): [string, TensorData] => {
    const tensor = weights.get(name);
    if (!tensor) throw new Error(`no tensor '${name}' to write`);
    const dtype = integers.get(name);
    if (dtype === undefined) return [name, { dtype: 'F32', shape: [...tensor.shape], data: tensor.data }];
    const { min, max, array } = INTEGER_RANGES[dtype];
    const values = Array.from(tensor.data, Math.round);
    const outside = values.findIndex((v) => !(v >= min && v <= max));
    if (outside >= 0) throw new Error(`tensor '${name}' is stored as ${dtype}, but element ${outside} is ${tensor.data[outside]}`);
    return [name, { dtype, shape: [...tensor.shape], data: array(values) }];
  });
}
