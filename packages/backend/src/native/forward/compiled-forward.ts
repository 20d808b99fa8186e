import * as tf from '@tensorflow/tfjs';
import type { NativeRuntime } from '../onnxruntime';
import { fitBatch } from './batch-fit';
import { compileTrace, valuesOf, type CompiledFunction } from './compiled-function';
import { TraceRefusal, traceFunction, type TracedValue } from './kernel-trace';

/** A function of batched tensors (first axis the batch) with float32 results, run as one onnxruntime graph. */
export interface CompiledBatchFunction {
  /** The kernels of the graph (at the batch size it was checked on). */
  readonly kernels: number;
  /**
   * Whether the function read an input on the host while traced: a validation there (BERT's
   * token-id range check) ran on the traced rows only, never on `run`'s inputs.
   */
  readonly readsInput: boolean;
  /** Whether each input has the dtype and, but for the batch axis, the shape of the traced one. */
  accepts(inputs: readonly tf.Tensor[]): boolean;
  /** `fn(inputs)` for any batch size, as host arrays; the tensors `fn` read are read again at every run, so they must stay alive. */
  run(inputs: readonly tf.Tensor[]): HostResult[];
}

/** One result of a compiled function, on the host. */
export interface HostResult {
  readonly data: Float32Array;
  readonly shape: readonly number[];
}

/** A function of one batched tensor, run as one onnxruntime graph. */
export interface CompiledForward {
  /** The kernels of the graph (at the batch size it was checked on). */
  readonly kernels: number;
  /** See {@link CompiledBatchFunction.readsInput}. */
  readonly readsInput: boolean;
  /** Whether `x` has the dtype and, but for the batch axis, the shape of the traced input. */
  accepts(x: tf.Tensor): boolean;
  /** `fn(x)` for any batch size; the tensors `fn` read are read again at every run, so they must stay alive. */
  run(x: tf.Tensor): tf.Tensor;
}

export type ForwardCompilation = { readonly forward: CompiledForward } | { readonly refused: string };
export type BatchFunctionCompilation = { readonly compiled: CompiledBatchFunction } | { readonly refused: string };

/** How close the native result must be to tfjs's on the check batch, relative to the result's largest value. */
export const FORWARD_TOLERANCE = 1e-4;

class NativeBatchFunction implements CompiledBatchFunction {
  private readonly traced: readonly TracedValue[];
  readonly kernels: number;
  readonly readsInput: boolean;

  constructor(private readonly compiled: CompiledFunction) {
    this.traced = compiled.inputs(1);
    this.readsInput = compiled.readsInput;
    this.kernels = compiled.kernels;
  }

  accepts(inputs: readonly tf.Tensor[]): boolean {
    if (inputs.length !== this.traced.length || inputs.length === 0) return false;
    const batch = inputs[0].shape[0];
    return inputs.every((x, i) => {
      const { dtype, shape } = this.traced[i];
      return x.dtype === dtype && x.rank === shape.length && x.shape[0] === batch && x.shape.every((dim, axis) => axis === 0 || dim === shape[axis]);
    });
  }

  run(inputs: readonly tf.Tensor[]): HostResult[] {
    if (!this.accepts(inputs)) {
      const given = inputs.map((x) => `[${x.shape.join(', ')}] ${x.dtype}`).join(', ');
      throw new TraceRefusal(`input${inputs.length === 1 ? '' : 's'} ${given} ${inputs.length === 1 ? 'does' : 'do'} not match the compiled function's`);
    }
    const batch = inputs[0].shape[0];
    const results = this.compiled.outputs(batch).map(({ shape }) => ({ data: new Float32Array(tf.util.sizeFromShape([...shape])), shape }));
    // The views stay valid because nothing allocates on the backend until the run returns.
    this.compiled.run(batch, inputs.map(valuesOf), results.map((r) => r.data));
    return results;
  }
}

/** The largest |a − b| over two arrays of one length, and the largest |b|; NaN where they differ in NaN-ness. */
export function largestDifference(a: ArrayLike<number>, b: ArrayLike<number>): { worst: number; scale: number } {
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    if (Number.isNaN(a[i]) !== Number.isNaN(b[i])) return { worst: NaN, scale };
    if (!Number.isNaN(b[i])) {
      worst = Math.max(worst, Math.abs(a[i] - b[i]));
      scale = Math.max(scale, Math.abs(b[i]));
    }
  }
  return { worst, scale };
}

const CHECK_BATCH = 3;
/**
 * A forward pass with a larger intermediate runs without a memory arena: a masked LM's logits
 * take 15 MB per example at BERT-base's size, and an arena per batch size (full batches, the last
 * one, the check's, the landscape's) would each keep its largest run's buffers. The paper's ViT
 * (26 MB at batch 64) keeps its arena.
 */
export const ARENA_LIMIT_BYTES = 64 * 1024 ** 2;
const shapeText = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/**
 * Compiles `fn` (a pure function of batched tensors, such as a model's eval forward pass, or the
 * pass and its scores given the labels) into one onnxruntime graph: every op runs natively and
 * multithreaded, with no copy between ops. `fn` is traced at batch sizes 1 and 2 (row 0 of the
 * samples, then rows 1 and 2), its batch-dependent numbers extended linearly, and every result
 * checked against tfjs on rows 0–2. Anything that does not translate, or does not match, comes
 * back as `refused` with the reason; the caller then runs `fn` on tfjs.
 */
export function compileBatchFunctionWithRuntime(runtime: NativeRuntime, fn: (inputs: tf.Tensor[]) => tf.Tensor[], samples: readonly tf.Tensor[]): BatchFunctionCompilation {
  const short = samples.find((sample) => sample.rank === 0 || sample.shape[0] < CHECK_BATCH);
  if (short !== undefined) return { refused: `a sample batch of at least ${CHECK_BATCH} examples is needed to compile, got ${shapeText(short.shape)}` };
  // Different rows in the two traces: a graph that followed the values it read would differ.
  const rows = (begin: number, n: number) => samples.map((sample) => tf.slice(sample, begin, n));
  const [one, two, three] = [rows(0, 1), rows(1, 2), rows(0, CHECK_BATCH)];
  try {
    const traced = traceFunction(fn, one);
    const notFloat = traced.outputs.find((o) => o.dtype !== 'float32');
    if (notFloat !== undefined) return { refused: `the function returns ${notFloat.dtype}; only float32 results are compiled` };
    const compiled = new NativeBatchFunction(compileTrace(runtime, fitBatch(traced, traceFunction(fn, two)), CHECK_BATCH, { arenaLimitBytes: ARENA_LIMIT_BYTES }));
    const expected = tf.tidy(() => fn(three));
    const got = compiled.run(three);
    try {
      for (let i = 0; i < got.length; i++) {
        if (!tf.util.arraysEqual([...got[i].shape], expected[i].shape)) return { refused: `the graph's output has shape ${shapeText(got[i].shape)}, tfjs's ${shapeText(expected[i].shape)}` };
        const { worst, scale } = largestDifference(got[i].data, expected[i].dataSync());
        if (!(worst <= FORWARD_TOLERANCE * Math.max(1, scale))) {
          return { refused: `the graph's output differs from tfjs's by up to ${worst} (largest value ${scale}) on ${CHECK_BATCH} examples` };
        }
      }
    } finally {
      tf.dispose(expected);
    }
    return { compiled };
  } catch (error) {
    if (error instanceof TraceRefusal) return { refused: error.message };
    return { refused: `compiling failed: ${(error as Error).message.split('\n')[0]}` };
  } finally {
    tf.dispose([...one, ...two, ...three]);
  }
}

/** {@link compileBatchFunctionWithRuntime} for a function of one tensor with one result. */
export function compileWithRuntime(runtime: NativeRuntime, fn: (x: tf.Tensor) => tf.Tensor, sample: tf.Tensor): ForwardCompilation {
  const outcome = compileBatchFunctionWithRuntime(runtime, ([x]) => [fn(x)], [sample]);
  if ('refused' in outcome) return outcome;
  const { compiled } = outcome;
  return {
    forward: {
      kernels: compiled.kernels,
      readsInput: compiled.readsInput,
      accepts: (x) => compiled.accepts([x]),
      run: (x) => {
        const [result] = compiled.run([x]);
        return tf.tensor(result.data, [...result.shape], 'float32');
      },
    },
  };
}
