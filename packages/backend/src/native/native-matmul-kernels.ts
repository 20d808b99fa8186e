import * as tf from '@tensorflow/tfjs';
// Importing the wasm backend registers its kernels, which these wrap.
import '@tensorflow/tfjs-backend-wasm';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { matmulModel, NATIVE_ACTIVATIONS, variantKey, type MatmulVariant, type NativeActivation } from './matmul-model';
import type { NativeInput, NativeRuntime, NativeSession } from './onnxruntime';

/**
 * `BatchMatMul` and `_FusedMatMul` for the wasm backend, computed by onnxruntime-node.
 *
 * Each kernel keeps tfjs-wasm's own kernel and hands it the calls the native one should not
 * take: small products (below `NATIVE_MATMUL_THRESHOLDS`, where the call's fixed cost
 * dominates), non-float32 inputs, shapes it rejects (so its error messages stay), empty
 * tensors, and fused activations or bias shapes other than those below. Whatever their size,
 * the products tfjs-wasm 4.22 gets wrong go native: batch shapes that broadcast other than
 * equal-or-one (`[2, 1]`·`[1, 3]`: it writes max(2, 3) of the 6 matrices) and a fused bias with
 * `transposeA` (added along the wrong axis).
 *
 * Data movement: the inputs are read in place from the wasm heap and the product is written
 * straight into the output's wasm memory, so the only wasm allocation is the output tensor; it is
 * made before the heap views are taken, because a growing heap detaches earlier views.
 */

/**
 * Size thresholds, in multiply-adds (batch·m·k·n), measured with tfjs 4.22 and onnxruntime-node
 * 1.30.0 on the 2-core machine of TOOLCHAIN.md (spinning off, see onnxruntime.ts):
 * - A native call costs a fixed 20–30 µs; wasm's own kernel is as fast up to about 0.5M
 *   multiply-adds (80³: 49 µs each), native is 1.5x faster at 1M, 2x at 2M.
 * - With a transpose flag, wasm's kernel is 5–25x slower than without one, so native wins
 *   from about 10k (24³: 23 µs against 17 µs).
 * - Below about 12M a single-threaded session is faster: waking the second thread costs more
 *   than it saves (128³: 70 µs on one thread, 90–110 µs on two; 256³: 360 µs against 300 µs).
 */
export const NATIVE_MATMUL_THRESHOLDS = Object.freeze({
  /** Products without transpose flags run natively from this size on. */
  minMultiplyAdds: 1 << 19,
  /** Products with a transpose flag run natively from this size on. */
  minMultiplyAddsTransposed: 1 << 13,
  /** Native products use all `OTFUSE_THREADS` threads from this size on, one thread below. */
  minMultiplyAddsMultiThreaded: 3 << 22,
});

/** The thresholds in force; tests and the benchmark change them, nothing else should. */
export const nativeMatmulTuning = { ...NATIVE_MATMUL_THRESHOLDS };

/** Calls taken by each path (counting since the process started); read by tests and the benchmark. */
export const matmulCalls = { native: 0, wasm: 0 };

interface Installed {
  readonly runtime: NativeRuntime;
  readonly originals: ReadonlyMap<string, tf.KernelConfig>;
  /** One session per variant and thread count; `null` when onnxruntime rejected the model. */
  readonly sessions: Map<string, NativeSession | null>;
}

let installed: Installed | undefined;
/** Sessions outlive an uninstall, so that switching engines back and forth compiles nothing again. */
const sessionsOf = new WeakMap<NativeRuntime, Map<string, NativeSession | null>>();
const warned = new Set<string>();

type KernelArgs = Parameters<tf.KernelFunc>[0];

/** Shape of op(a)·op(b), batch axes broadcast; `undefined` where tfjs's kernel must report an error. */
function productShape(a: number[], b: number[], transposeA: boolean, transposeB: boolean) {
  if (a.length < 2 || b.length < 2) return undefined;
  const [m, innerA] = transposeA ? [a[a.length - 1], a[a.length - 2]] : [a[a.length - 2], a[a.length - 1]];
  const [innerB, n] = transposeB ? [b[b.length - 1], b[b.length - 2]] : [b[b.length - 2], b[b.length - 1]];
  if (innerA !== innerB) return undefined;
  let batch: number[];
  try {
    batch = tf.broadcast_util.assertAndGetBroadcastShape(a.slice(0, -2), b.slice(0, -2));
  } catch {
    return undefined;
  }
  const shape = [...batch, m, n];
  return { shape, multiplyAdds: tf.util.sizeFromShape(shape) * innerA };
}

/** Whether tfjs-wasm's BatchMatMul handles these batch shapes: equal, or one of them a single matrix. */
function wasmBroadcastsCorrectly(a: number[], b: number[]): boolean {
  const batchA = a.slice(0, -2);
  const batchB = b.slice(0, -2);
  const single = (batch: number[]) => tf.util.sizeFromShape(batch) === 1;
  return single(batchA) || single(batchB) || tf.util.arraysEqual(batchA, batchB);
}

/** Whether `operand` broadcasts to exactly `shape` (numpy rules), as Add and PRelu need. */
function broadcastsTo(operand: number[], shape: number[]): boolean {
  if (operand.length > shape.length) return false;
  const offset = shape.length - operand.length;
  return operand.every((dim, axis) => dim === 1 || dim === shape[offset + axis]);
}

function warnOnce(message: string): void {
  if (!warned.has(message)) {
    warned.add(message);
    process.stderr.write(`otfuse: ${message}; using the wasm kernel for it\n`);
  }
}

/** Whether a product of this size and these flags runs natively. */
function goesNative(multiplyAdds: number, transposeA: boolean, transposeB: boolean, wasmWrong: boolean): boolean {
  const transposed = transposeA || transposeB;
  const { minMultiplyAdds, minMultiplyAddsTransposed } = nativeMatmulTuning;
  // An empty product (some dim 0) is left to wasm whatever the thresholds.
  return multiplyAdds > 0 && (wasmWrong || multiplyAdds >= (transposed ? minMultiplyAddsTransposed : minMultiplyAdds));
}

function sessionFor(state: Installed, variant: MatmulVariant, threads: number): NativeSession | null {
  const key = `${variantKey(variant)}:${threads}`;
  let session = state.sessions.get(key);
  if (session === undefined) {
    try {
      session = state.runtime.createSession(matmulModel(variant), threads);
    } catch (error) {
      warnOnce(`onnxruntime-node rejected the matmul model ${key}: ${(error as Error).message}`);
      session = null;
    }
    state.sessions.set(key, session);
  }
  return session;
}

/**
 * Runs `variant` natively into a new wasm tensor of `shape`. When it cannot (the model or the
 * run failed), nothing stays allocated and tfjs-wasm's kernel `kernelName` computes it instead.
 */
function runNative(
  state: Installed,
  kernelName: string,
  args: KernelArgs,
  variant: MatmulVariant,
  product: { shape: number[]; multiplyAdds: number },
  inputs: Record<string, tf.TensorInfo>,
  slope?: Float32Array,
): tf.TensorInfo | tf.TensorInfo[] {
  const backend = args.backend as BackendWasm;
  const threads = product.multiplyAdds >= nativeMatmulTuning.minMultiplyAddsMultiThreaded ? state.runtime.threads : 1;
  const session = sessionFor(state, variant, threads);
  if (session === null) return fallback(state, kernelName, args);
  const { shape } = product;
  const out = backend.makeOutput(shape, 'float32');
  try {
    // No wasm allocation from here on: the views below would be detached by a growing heap.
    const feeds: Record<string, NativeInput> = {};
    for (const [name, info] of Object.entries(inputs)) {
      feeds[name] = { data: backend.typedArrayFromHeap(info) as Float32Array, dims: info.shape };
    }
    if (slope !== undefined) feeds.slope = { data: slope, dims: [slope.length] };
    session.run(feeds, backend.typedArrayFromHeap(out) as Float32Array, shape);
  } catch (error) {
    backend.disposeData(out.dataId);
    warnOnce(`onnxruntime-node failed on a matmul (${variantKey(variant)}): ${(error as Error).message}`);
    return fallback(state, kernelName, args);
  }
  matmulCalls.native++;
  return out;
}

function allFloat32(infos: (tf.TensorInfo | undefined)[]): boolean {
  return infos.every((info) => info === undefined || info.dtype === 'float32');
}

function fallback(state: Installed, kernelName: string, args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  matmulCalls.wasm++;
  return (state.originals.get(kernelName) as tf.KernelConfig).kernelFunc(args);
}

function batchMatMul(args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const state = installed as Installed;
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
  const product = productShape(a.shape, b.shape, transposeA, transposeB);
  if (
    !allFloat32([a, b]) ||
    product === undefined ||
    !goesNative(product.multiplyAdds, transposeA, transposeB, !wasmBroadcastsCorrectly(a.shape, b.shape))
  ) {
    return fallback(state, tf.BatchMatMul, args);
  }
  const variant: MatmulVariant = {
    rankA: a.shape.length,
    rankB: b.shape.length,
    transposeA,
    transposeB,
    bias: false,
    activation: 'linear',
  };
  return runNative(state, tf.BatchMatMul, args, variant, product, { A: a, B: b });
}

function fusedMatMul(args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const state = installed as Installed;
  const { a, b, bias, preluActivationWeights } = args.inputs as {
    a: tf.TensorInfo;
    b: tf.TensorInfo;
    bias?: tf.TensorInfo;
    preluActivationWeights?: tf.TensorInfo;
  };
  const { transposeA, transposeB, activation, leakyreluAlpha } = args.attrs as unknown as tf._FusedMatMulAttrs;
  const product = productShape(a.shape, b.shape, transposeA, transposeB);
  const native =
    product !== undefined &&
    goesNative(product.multiplyAdds, transposeA, transposeB, transposeA && bias !== undefined) &&
    allFloat32([a, b, bias, preluActivationWeights]) &&
    (NATIVE_ACTIVATIONS as readonly string[]).includes(activation) &&
    (bias === undefined || broadcastsTo(bias.shape, product.shape)) &&
    (activation !== 'prelu' ||
      (preluActivationWeights !== undefined && broadcastsTo(preluActivationWeights.shape, product.shape)));
  if (!native) {
    return fallback(state, tf._FusedMatMul, args);
  }
  const variant: MatmulVariant = {
    rankA: a.shape.length,
    rankB: b.shape.length,
    transposeA,
    transposeB,
    bias: bias !== undefined,
    activation: activation as NativeActivation,
  };
  const inputs: Record<string, tf.TensorInfo> = { A: a, B: b };
  if (bias !== undefined) inputs.bias = bias;
  if (activation === 'prelu') inputs.slope = preluActivationWeights as tf.TensorInfo;
  // tfjs-wasm passes `leakyreluAlpha || 0` to its kernel as a C float: the same float32 here.
  const slope = activation === 'leakyrelu' ? Float32Array.of(leakyreluAlpha || 0) : undefined;
  return runNative(state, tf._FusedMatMul, args, variant, product, inputs, slope);
}

const KERNELS: Readonly<Record<string, tf.KernelFunc>> = {
  [tf.BatchMatMul]: batchMatMul as tf.KernelFunc,
  [tf._FusedMatMul]: fusedMatMul as tf.KernelFunc,
};

/**
 * Replaces wasm's BatchMatMul and _FusedMatMul with the native kernels. The originals,
 * taken with `tf.getKernel` before they are unregistered, serve the fallback and come back
 * with `uninstallNativeMatmul`. Installing again (another runtime) replaces the runtime.
 */
export function installNativeMatmul(runtime: NativeRuntime): void {
  if (installed?.runtime === runtime) return;
  uninstallNativeMatmul();
  const originals = new Map<string, tf.KernelConfig>();
  for (const kernelName of Object.keys(KERNELS)) {
    const original = tf.getKernel(kernelName, 'wasm');
    if (original === undefined) {
      throw new Error(`the wasm backend has no ${kernelName} kernel to wrap`);
    }
    originals.set(kernelName, original);
  }
  let sessions = sessionsOf.get(runtime);
  if (sessions === undefined) {
    sessions = new Map();
    sessionsOf.set(runtime, sessions);
  }
  installed = { runtime, originals, sessions };
  for (const [kernelName, original] of originals) {
    tf.unregisterKernel(kernelName, 'wasm');
    // The original's setupFunc binds its wasm function; the fallback needs it after a re-init.
    tf.registerKernel({ ...original, kernelFunc: KERNELS[kernelName] });
  }
}

/** Puts tfjs-wasm's own kernels back. Does nothing when the native ones are not installed. */
export function uninstallNativeMatmul(): void {
  if (installed === undefined) return;
  for (const [kernelName, original] of installed.originals) {
    tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel(original);
  }
  installed = undefined;
}

/** The runtime behind the installed kernels, or `undefined`. */
export function installedNativeRuntime(): NativeRuntime | undefined {
  return installed?.runtime;
}
