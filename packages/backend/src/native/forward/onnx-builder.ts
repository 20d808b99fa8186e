import type * as tf from '@tensorflow/tfjs';
import { ONNX_DATA_TYPES, type OnnxAttribute, type OnnxElemType, type OnnxInitializer, type OnnxNode } from '../onnx-model';
import { TraceRefusal } from './kernel-trace';

/** The ONNX element type of a tfjs dtype; complex64 and string have none here. */
export function onnxType(dtype: tf.DataType): OnnxElemType {
  if (dtype === 'float32' || dtype === 'int32' || dtype === 'bool') return dtype;
  throw new TraceRefusal(`dtype ${dtype} has no ONNX translation here`);
}

/** Collects the nodes and constants of one graph, naming every value uniquely. */
export class OnnxBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxInitializer[] = [];
  private count = 0;

  /** Adds a node with one output, named after `prefix`, and returns that name. */
  emit(opType: string, inputs: readonly string[], attributes?: readonly OnnxAttribute[], prefix = 'v'): string {
    const output = `${prefix}_${this.count++}`;
    this.nodes.push({ opType, inputs, outputs: [output], attributes });
    return output;
  }

  constant(values: OnnxInitializer['values'], dims: readonly number[]): string {
    const name = `const_${this.count++}`;
    this.initializers.push({ name, dims, values });
    return name;
  }

  /** An int64 vector (shapes, axes, pads, repeats: ONNX takes them as int64 tensors). */
  int64s(values: readonly number[]): string {
    return this.constant(BigInt64Array.from(values, (v) => BigInt(v)), [values.length]);
  }

  /** A scalar of `dtype` holding `value`. */
  scalar(value: number, dtype: tf.DataType): string {
    const type = onnxType(dtype);
    const values = type === 'float32' ? Float32Array.of(value) : type === 'int32' ? Int32Array.of(value) : Uint8Array.of(value ? 1 : 0);
    return this.constant(values, []);
  }

  /** `Cast` to a tfjs dtype. */
  cast(value: string, dtype: tf.DataType): string {
    return this.emit('Cast', [value], [{ name: 'to', int: ONNX_DATA_TYPES[onnxType(dtype)] }]);
  }
}
