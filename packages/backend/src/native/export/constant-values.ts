import type { OnnxGraph, OnnxInitializer, OnnxNode } from '../onnx-model';

/** A float32 constant of the graph: its shape and values, row-major. */
export interface ConstantValue {
  readonly dims: readonly number[];
  readonly values: Float32Array;
}

/** `values` of shape `dims` with its axes permuted by `perm` (ONNX Transpose). */
function transpose(value: ConstantValue, perm: readonly number[]): ConstantValue {
  const { dims, values } = value;
  const outDims = perm.map((axis) => dims[axis]);
  const strides = dims.map((_, axis) => dims.slice(axis + 1).reduce((a, b) => a * b, 1));
  const out = new Float32Array(values.length);
  const index = new Array<number>(outDims.length).fill(0);
  for (let i = 0; i < out.length; i++) {
    let source = 0;
    for (let axis = 0; axis < perm.length; axis++) source += index[axis] * strides[perm[axis]];
    out[i] = values[source];
    for (let axis = outDims.length - 1; axis >= 0; axis--) {
      if (++index[axis] < outDims[axis]) break;
      index[axis] = 0;
    }
  }
  return { dims: outDims, values: out };
}

/**
 * Values computed from constants alone through Identity, Reshape and Transpose (a weight as a
 * forward pass reads it: `x · Wᵀ` transposes the stored `[out, in]` matrix), without running the
 * graph; undefined for anything else.
 */
export class ConstantValues {
  private readonly initializers: Map<string, OnnxInitializer>;
  private readonly producers = new Map<string, OnnxNode>();

  constructor(graph: OnnxGraph) {
    this.initializers = new Map((graph.initializers ?? []).map((initializer) => [initializer.name, initializer]));
    graph.nodes.forEach((node) => node.outputs.forEach((output) => this.producers.set(output, node)));
  }

  float(name: string): ConstantValue | undefined {
    const initializer = this.initializers.get(name);
    if (initializer !== undefined) return initializer.values instanceof Float32Array ? { dims: initializer.dims, values: initializer.values } : undefined;
    const node = this.producers.get(name);
    if (node === undefined) return undefined;
    const input = this.float(node.inputs[0]);
    if (input === undefined) return undefined;
    if (node.opType === 'Identity') return input;
    if (node.opType === 'Transpose') {
      const perm = node.attributes?.find((a) => a.name === 'perm')?.ints ?? input.dims.map((_, i) => input.dims.length - 1 - i);
      return transpose(input, perm);
    }
    if (node.opType === 'Reshape') {
      const shape = this.initializers.get(node.inputs[1])?.values;
      if (!(shape instanceof BigInt64Array) || shape.some((d) => d <= 0n)) return undefined;
      return { dims: Array.from(shape, Number), values: input.values };
    }
    return undefined;
  }
}
