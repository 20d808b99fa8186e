import * as tf from '@tensorflow/tfjs';
import type { NativeRuntime } from '../onnxruntime';
import { fitBatch } from './batch-fit';
import { compileTrace, valuesOf, type CompiledFunction } from './compiled-function';
import { TraceRefusal, traceKernels, type TracedValue } from './kernel-trace';

/** A function of one batched tensor, run as one onnxruntime graph. */
export interface CompiledForward {
  /** The kernels of the graph (at the batch size it was checked on). */
  readonly kernels: number;
  /**
   * Whether the function read its input on the host while traced: a validation there (BERT's
   * token-id range check) ran on the traced rows only, never on `run`'s inputs.
   */
  readonly readsInput: boolean;
  /** Whether `x` has the dtype and, but for the batch axis, the shape of the traced input. */
  accepts(x: tf.Tensor): boolean;
  /** `fn(x)` for any batch size; the tensors `fn` read are read again at every run, so they must stay alive. */
  run(x: tf.Tensor): tf.Tensor;
}

export type ForwardCompilation = { readonly forward: CompiledForward } | { readonly refused: string };

/** How close the native result must be to tfjs's on the check batch, relative to the largest logit. */
export const FORWARD_TOLERANCE = 1e-4;

class NativeForward implements CompiledForward {
  private readonly input: TracedValue;
  readonly kernels: number;
  readonly readsInput: boolean;

  constructor(private readonly compiled: CompiledFunction) {
    this.input = compiled.inputs(1)[0];
    this.readsInput = compiled.readsInput;
    this.kernels = compiled.kernels;
  }

  accepts(x: tf.Tensor): boolean {
    const { dtype, shape } = this.input;
    return x.dtype === dtype && x.rank === shape.length && x.shape.every((dim, axis) => axis === 0 || dim === shape[axis]);
  }

  run(x: tf.Tensor): tf.Tensor {
    if (!this.accepts(x)) throw new TraceRefusal(`input [${x.shape.join(', ')}] ${x.dtype} does not match the compiled function's`);
    const batch = x.shape[0];
    const outShape = this.compiled.outputs(batch)[0].shape;
    const output = new Float32Array(tf.util.sizeFromShape([...outShape]));
    this.compiled.run(batch, [valuesOf(x)], [output]);
    return tf.tensor(output, [...outShape], 'float32');
  }
}

/** The largest |a − b| over two float tensors of one shape, and the largest |b|; NaN where they differ in NaN-ness. */
function difference(a: tf.Tensor, b: tf.Tensor): { worst: number; scale: number } {
  const x = a.dataSync();
  const y = b.dataSync();
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < y.length; i++) {
    if (Number.isNaN(x[i]) !== Number.isNaN(y[i])) return { worst: NaN, scale };
    if (!Number.isNaN(y[i])) {
      worst = Math.max(worst, Math.abs(x[i] - y[i]));
      scale = Math.max(scale, Math.abs(y[i]));
    }
  }
  return { worst, scale };
}

const CHECK_BATCH = 3;

/**
 * Compiles `fn` (a pure function of a batch `x`, such as a model's eval forward pass) into one
 * onnxruntime graph: every op of the pass runs natively and multithreaded, with no copy between
 * ops. `fn` is traced at batch sizes 1 and 2 (row 0 of `sample`, then rows 1 and 2), its
 * batch-dependent numbers extended linearly, and the result checked against tfjs on rows 0–2. Anything that does
 * not translate, or does not match, comes back as `refused` with the reason; the caller then
 * runs `fn` on tfjs.
 */
export function compileWithRuntime(runtime: NativeRuntime, fn: (x: tf.Tensor) => tf.Tensor, sample: tf.Tensor): ForwardCompilation {
  if (sample.rank === 0 || sample.shape[0] < CHECK_BATCH) {
    return { refused: `a sample batch of at least ${CHECK_BATCH} examples is needed to compile, got [${sample.shape.join(', ')}]` };
  }
  const rows = (begin: number, n: number) => tf.slice(sample, begin, n);
  // Different rows in the two traces: a graph that followed the values it read would differ.
  const [one, two, three] = [rows(0, 1), rows(1, 2), rows(0, CHECK_BATCH)];
  try {
    const traced = traceKernels(fn, one);
    if (traced.outputs[0].dtype !== 'float32') return { refused: `the function returns ${traced.outputs[0].dtype}; only float32 results are compiled` };
    const forward = new NativeForward(compileTrace(runtime, fitBatch(traced, traceKernels(fn, two)), CHECK_BATCH));
    const expected = tf.tidy(() => fn(three));
    const got = forward.run(three);
    const { worst, scale } = difference(got, expected);
    const shapesMatch = tf.util.arraysEqual(got.shape, expected.shape);
    tf.dispose([got, expected]);
    if (!shapesMatch) return { refused: `the graph's output has shape [${got.shape.join(', ')}], tfjs's [${expected.shape.join(', ')}]` };
    if (!(worst <= FORWARD_TOLERANCE * Math.max(1, scale))) {
      return { refused: `the graph's output differs from tfjs's by up to ${worst} (largest value ${scale}) on ${CHECK_BATCH} examples` };
    }
    return { forward };
  } catch (error) {
    if (error instanceof TraceRefusal) return { refused: error.message };
    return { refused: `compiling failed: ${(error as Error).message.split('\n')[0]}` };
  } finally {
    tf.dispose([one, two, three]);
  }
}
