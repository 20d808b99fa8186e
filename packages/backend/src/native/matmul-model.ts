import { encodeOnnxModel, type OnnxInitializer, type OnnxNode, type OnnxValue } from './onnx-model';

/** The fused activations of tfjs's `_FusedMatMul` that the native kernel computes. */
export const NATIVE_ACTIVATIONS = ['linear', 'relu', 'relu6', 'elu', 'leakyrelu', 'prelu', 'sigmoid'] as const;
export type NativeActivation = (typeof NATIVE_ACTIVATIONS)[number];

/**
 * One model: C = act(op(A)·op(B) + bias), op transposing the last two axes when its flag is
 * set. Ranks are fixed (the Transpose permutation depends on them); every dim is symbolic,
 * so one model serves every shape of those ranks, batch axes broadcasting as in numpy.
 */
export interface MatmulVariant {
  readonly rankA: number;
  readonly rankB: number;
  readonly transposeA: boolean;
  readonly transposeB: boolean;
  /** Adds input `bias` (any shape that broadcasts to the product's). */
  readonly bias: boolean;
  /**
   * `leakyrelu` and `prelu` read their slope from input `slope` (a 1-element tensor for
   * leakyrelu's alpha), so one model serves every alpha.
   */
  readonly activation: NativeActivation;
}

export function variantKey(v: MatmulVariant): string {
  return `${v.rankA}:${v.rankB}:${+v.transposeA}${+v.transposeB}:${+v.bias}:${v.activation}`;
}

function symbolicDims(prefix: string, rank: number): string[] {
  return Array.from({ length: rank }, (_, axis) => `${prefix}${axis}`);
}

function swapLastTwo(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, axis) => axis);
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
  return perm;
}

/**
 * Builds the ONNX graph of a variant. onnxruntime fuses a Transpose of the last two axes into
 * its MatMul (a FusedMatMul with transA/transB), so transposed operands are never copied.
 */
export function matmulModel(v: MatmulVariant): Uint8Array {
  const nodes: OnnxNode[] = [];
  const inputs: OnnxValue[] = [
    { name: 'A', dims: symbolicDims('a', v.rankA) },
    { name: 'B', dims: symbolicDims('b', v.rankB) },
  ];
  const initializers: OnnxInitializer[] = [];
  const operand = (name: 'A' | 'B', transpose: boolean, rank: number): string => {
    if (!transpose) return name;
    const attributes = [{ name: 'perm', ints: swapLastTwo(rank) }];
    nodes.push({ opType: 'Transpose', inputs: [name], outputs: [`${name}t`], attributes });
    return `${name}t`;
  };
  const a = operand('A', v.transposeA, v.rankA);
  const b = operand('B', v.transposeB, v.rankB);
  // Each step writes a new value; the last one is renamed to the output C.
  let value = 'product';
  nodes.push({ opType: 'MatMul', inputs: [a, b], outputs: [value] });
  const step = (opType: string, extraInputs: string[] = []): void => {
    const next = `${opType.toLowerCase()}_out`;
    nodes.push({ opType, inputs: [value, ...extraInputs], outputs: [next] });
    value = next;
  };
  if (v.bias) {
    inputs.push({ name: 'bias' });
    step('Add', ['bias']);
  }
  switch (v.activation) {
    case 'linear':
      break;
    case 'relu':
      step('Relu');
      break;
    case 'relu6':
      initializers.push({ name: 'zero', dims: [], values: Float32Array.of(0) });
      initializers.push({ name: 'six', dims: [], values: Float32Array.of(6) });
      step('Clip', ['zero', 'six']);
      break;
    case 'elu':
      step('Elu'); // alpha defaults to 1, as tfjs's elu
      break;
    case 'leakyrelu':
    case 'prelu':
      inputs.push({ name: 'slope' });
      step('PRelu', ['slope']);
      break;
    case 'sigmoid':
      step('Sigmoid');
      break;
  }
  const last = nodes[nodes.length - 1];
  nodes[nodes.length - 1] = { ...last, outputs: ['C'] };
  return encodeOnnxModel({ nodes, inputs, outputs: [{ name: 'C' }], initializers });
}
