import { matmulModel } from './matmul-model';
import { installedNativeRuntime } from './native-matmul-kernels';
import type { NativeRuntime, NativeSession } from './onnxruntime';

/**
 * `A·Bᵀ` of two row-major host matrices, `a` `[m, k]` and `b` `[n, k]`, into a new `[m, n]`
 * array: the product a ground cost needs between two sets of neuron descriptions.
 */
export type HostProductTransposed = (a: Float32Array, b: Float32Array, m: number, k: number, n: number) => Float32Array;

const sessions = new WeakMap<NativeRuntime, NativeSession>();

/**
 * The product on onnxruntime-node's native matmul (every core, no copy of the operands, nothing
 * in the WebAssembly heap), when the wasm backend runs with it; otherwise undefined and the
 * caller computes the product its own way.
 */
export function nativeHostProductTransposed(): HostProductTransposed | undefined {
  const runtime = installedNativeRuntime();
  if (runtime === undefined) return undefined;
  let session = sessions.get(runtime);
  if (session === undefined) {
    session = runtime.createSession(matmulModel({ rankA: 2, rankB: 2, transposeA: false, transposeB: true, bias: false, activation: 'linear' }));
    sessions.set(runtime, session);
  }
  const product = session;
  return (a, b, m, k, n) => {
    if (a.length !== m * k || b.length !== n * k) throw new RangeError(`A·Bᵀ: expected A [${m}, ${k}] and B [${n}, ${k}], got ${a.length} and ${b.length} values`);
    const out = new Float32Array(m * n);
    product.run({ A: { data: a, dims: [m, k] }, B: { data: b, dims: [n, k] } }, out, [m, n]);
    return out;
  };
}
