import * as tf from '@tensorflow/tfjs';
import { HostTensor, IntegerDtype, ModelWeights, assertFinite } from '@otfuse/core';
import { DTYPES, type FloatDtype, TensorReader, isFloatDtype } from '@otfuse/io';

/**
 * A checkpoint read lazily as the library's `ModelWeights`: names and shapes come from the
 * header, each tensor is read (and converted to float32 from F16, BF16, F64 or integers) only
 * when asked for.
 */
export class CheckpointWeights implements ModelWeights {
  constructor(
    private readonly reader: TensorReader,
    /** Tensors of the checkpoint that are no part of the model (see `without`), by the model's names. */
    private readonly leftOut: ReadonlySet<string> = new Set(),
    /** The model's name → the checkpoint's, where they differ (see `renamed`). */
    private readonly stored: ReadonlyMap<string, string> = new Map(),
  ) {}

  names(): string[] {
    const modelName = new Map([...this.stored].map(([model, stored]) => [stored, model]));
    const names = this.reader.names().map((name) => modelName.get(name) ?? name);
    return this.leftOut.size ? names.filter((name) => !this.leftOut.has(name)) : names;
  }

  /** The same checkpoint, read through the same file, without `names`. */
  without(names: readonly string[]): CheckpointWeights {
    return names.length ? new CheckpointWeights(this.reader, new Set([...this.leftOut, ...names]), this.stored) : this;
  }

  /** The same checkpoint with some tensors read under other names (`model name → stored name`). */
  renamed(names: ReadonlyMap<string, string>): CheckpointWeights {
    return names.size ? new CheckpointWeights(this.reader, this.leftOut, new Map([...this.stored, ...names])) : this;
  }

  /** The checkpoint's name of a tensor the model names `name`. */
  storedName(name: string): string {
    return this.stored.get(name) ?? name;
  }

  shape(name: string): readonly number[] {
    return this.reader.info(this.storedName(name)).shape;
  }

  tensor(name: string): tf.Tensor {
    const { shape, data } = this.host(name);
    return tf.tensor(data, shape, 'float32');
  }

  host(name: string): HostTensor {
    const { shape, data } = this.reader.readAsFloat32(this.storedName(name));
    return { shape: [...shape], data };
  }

  /**
   * The dtype the checkpoint stores its floating-point tensors in, when they share one (a hub
   * checkpoint in float16 or bfloat16, what a model written from it keeps); float32 otherwise.
   */
  floatDtype(): FloatDtype {
    const found = new Set<FloatDtype>();
    for (const name of this.names()) {
      const { dtype } = this.reader.info(this.storedName(name));
      if (isFloatDtype(dtype)) found.add(dtype);
    }
    return found.size === 1 ? [...found][0] : 'F32';
  }

  /** The tensors the checkpoint stores as integers, with their dtypes (what a model written from it keeps). */
  integerTensors(): Map<string, IntegerDtype> {
    const integers = new Map<string, IntegerDtype>();
    for (const name of this.names()) {
      const { dtype } = this.reader.info(this.storedName(name));
      const { kind } = DTYPES[dtype];
      if (kind === 'signed' || kind === 'unsigned') integers.set(name, dtype as IntegerDtype);
    }
    return integers;
  }

  /** Every tensor in host memory. */
  all(): Map<string, HostTensor> {
    return new Map(this.names().map((name) => [name, this.host(name)]));
  }

  /** Reads every tensor once: a NaN or infinity is an error naming the file and the tensor. */
  checkFinite(): void {
    for (const name of this.names()) assertFinite(name, this.host(name).data, this.reader.info(this.storedName(name)).file);
  }

  close(): void {
    this.reader.close();
  }
}
