import * as tf from '@tensorflow/tfjs';
import { hostScope } from './host-scope';

/**
 * `A·Bᵀ` of row-major host matrices `a [m, k]` and `b [n, k]` into a new row-major `[m, n]`
 * array, computed outside the WebAssembly heap (e.g. on a native matmul). Fusion receives it
 * from its caller: neuron descriptions are rows, so the product reads them as they are.
 */
export type HostProductTransposed = (a: Float32Array, b: Float32Array, m: number, k: number, n: number) => Float32Array;

/** Elements of X and Y one product may hold in the WebAssembly heap (32 Mi floats, 128 MiB, plus Y's transpose). */
const BLOCK_ELEMENTS = 1 << 25;

/**
 * `X·Yᵀ` in float32 for row-major `X [n0, dim]` and `Y [n1, dim]` held on the host. Descriptions
 * by activations have one dimension per sample row (25,600 for 200 sequences of 128 tokens), so
 * both matrices whole would take ~1 GB of the heap; beyond `blockElements` the product is summed
 * over slices of the `dim` axis, each in the heap only while it is multiplied. Smaller problems
 * (the paper's ViT: 1536 × 7400) are one product, as before. A host product, when given,
 * computes it whole: nothing is copied, transposed or bounded by the heap.
 */
export function crossGram(
  x: Float32Array,
  y: Float32Array,
  n0: number,
  n1: number,
  dim: number,
  hostProduct?: HostProductTransposed,
  blockElements = BLOCK_ELEMENTS,
): Float32Array {
  if (hostProduct) return hostProduct(x, y, n0, dim, n1);
  const width = Math.max(1, Math.floor(blockElements / (n0 + n1)));
  if (width >= dim) return product(x, y, n0, n1, dim);
  const gram = new Float32Array(n0 * n1);
  for (let start = 0; start < dim; start += width) {
    const end = Math.min(dim, start + width);
    const part = product(columns(x, n0, dim, start, end), columns(y, n1, dim, start, end), n0, n1, end - start);
    for (let i = 0; i < gram.length; i++) gram[i] += part[i];
  }
  return gram;
}

/** One product on TensorFlow.js (an explicit transpose: wasm's matMul is slow with the flag). */
function product(x: Float32Array, y: Float32Array, n0: number, n1: number, dim: number): Float32Array {
  return hostScope(() => tf.matMul(tf.tensor2d(x, [n0, dim]), tf.transpose(tf.tensor2d(y, [n1, dim]))).dataSync() as Float32Array);
}

/** Columns `[start, end)` of a row-major `[rows, dim]` matrix. */
function columns(values: Float32Array, rows: number, dim: number, start: number, end: number): Float32Array {
  const width = end - start;
  const out = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) out.set(values.subarray(r * dim + start, r * dim + end), r * width);
  return out;
}
