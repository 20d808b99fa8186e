import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs';
import { encodeOnnxModel } from '../onnx-model';
import type { NativeInput, NativeRuntime, NativeSession, SessionChoices } from '../onnxruntime';
import type { BatchedTrace } from './batch-fit';
import { externalName, forwardGraph, inputName, outputName } from './forward-graph';
import { type KernelTrace, TraceRefusal, type TracedValue } from './kernel-trace';

/**
 * A traced function of several tensors run as one onnxruntime graph at any batch size. Its
 * arguments and results are host arrays: the caller keeps them where it likes (outside the
 * WebAssembly heap), and results are computed straight into arrays the caller gives.
 */
export interface CompiledFunction {
  /** The kernels of the graph. */
  readonly kernels: number;
  /** Whether the function read an argument on the host while traced (a validation that ran on the traced rows only). */
  readonly readsInput: boolean;
  /** The arguments' dtypes and shapes at `batch`. */
  inputs(batch: number): readonly TracedValue[];
  /** The results' dtypes and shapes at `batch`. */
  outputs(batch: number): readonly TracedValue[];
  /** Runs at `batch`; `inputs` and `outputs` in the traced order, each of its shape at that batch. */
  run(batch: number, inputs: readonly NativeInput['data'][], outputs: readonly NativeInput['data'][]): void;
}

/** A tensor's values where the backend keeps them: the wasm heap is read in place, other backends give their array. */
export function valuesOf(t: tf.Tensor): NativeInput['data'] {
  const backend = tf.backend() as unknown as { typedArrayFromHeap?: (info: tf.TensorInfo) => tf.TypedArray };
  const data = backend.typedArrayFromHeap ? backend.typedArrayFromHeap(t) : t.dataSync();
  if (!(data instanceof Float32Array || data instanceof Int32Array || data instanceof Uint8Array)) {
    throw new TraceRefusal(`a ${t.dtype} tensor cannot be handed to onnxruntime`);
  }
  return data;
}

/**
 * Sessions by graph: parameters read in place are graph inputs, so every model of one
 * architecture and config shares its graphs, and a run that evaluates several such models
 * compiles each batch size once. The few most recent are kept: each holds its own buffers
 * unless it runs without a memory arena. Sessions with and without one are kept apart.
 */
const SESSIONS_KEPT = 4;
const sessionCache = new WeakMap<NativeRuntime, Map<string, NativeSession>>();

function cachedSession(runtime: NativeRuntime, model: Uint8Array, choices: SessionChoices): NativeSession {
  let sessions = sessionCache.get(runtime);
  if (sessions === undefined) {
    sessions = new Map();
    sessionCache.set(runtime, sessions);
  }
  const key = `${createHash('sha256').update(model).digest('hex')}:${choices.memoryArena ?? true}`;
  let session = sessions.get(key);
  if (session === undefined) {
    session = runtime.createSession(model, undefined, choices);
    if (sessions.size >= SESSIONS_KEPT) sessions.delete(sessions.keys().next().value as string);
  } else sessions.delete(key);
  // Re-inserted last: the Map's order is the order of use.
  sessions.set(key, session);
  return session;
}

interface BatchSession {
  readonly session: NativeSession;
  /** Tensors that existed before the trace, read in place at every run. */
  readonly externals: readonly tf.Tensor[];
  readonly inputs: readonly TracedValue[];
  readonly outputs: readonly TracedValue[];
  readonly kernels: number;
}

const shapeText = (shape: readonly number[]) => `[${shape.join(', ')}]`;

class NativeFunction implements CompiledFunction {
  /** One session per batch size: training meets two (full batches and the last one), evaluation the check's too. */
  private readonly sessions = new Map<number, BatchSession>();
  readonly kernels: number;
  readonly readsInput: boolean;

  constructor(
    private readonly runtime: NativeRuntime,
    private readonly trace: BatchedTrace,
    firstBatch: number,
    private readonly memory: MemoryPolicy,
  ) {
    const entry = this.sessionFor(firstBatch);
    this.kernels = entry.kernels;
    this.readsInput = trace.at(firstBatch).readsInput;
  }

  private sessionFor(batch: number): BatchSession {
    let entry = this.sessions.get(batch);
    if (entry === undefined) {
      const trace = this.trace.at(batch);
      const compiled = forwardGraph(trace);
      const memoryArena = largestIntermediateBytes(trace) <= (this.memory.arenaLimitBytes ?? Infinity);
      const session = cachedSession(this.runtime, encodeOnnxModel(compiled.graph, 'otfuse-forward'), { memoryArena });
      entry = { session, externals: compiled.externals, inputs: trace.inputs, outputs: trace.outputs.map(({ shape, dtype }) => ({ shape, dtype })), kernels: compiled.kernels };
      this.sessions.set(batch, entry);
    }
    return entry;
  }

  // Shapes come from the trace: asking for them builds no session.
  inputs(batch: number): readonly TracedValue[] {
    return this.sessions.get(batch)?.inputs ?? this.trace.at(batch).inputs;
  }

  outputs(batch: number): readonly TracedValue[] {
    return this.sessions.get(batch)?.outputs ?? this.trace.at(batch).outputs;
  }

  run(batch: number, inputs: readonly NativeInput['data'][], outputs: readonly NativeInput['data'][]): void {
    const entry = this.sessionFor(batch);
    if (inputs.length !== entry.inputs.length || outputs.length !== entry.outputs.length) {
      throw new TraceRefusal(`the compiled function takes ${entry.inputs.length} arguments and gives ${entry.outputs.length} results, got ${inputs.length} and ${outputs.length}`);
    }
    const feeds: Record<string, NativeInput> = {};
    entry.inputs.forEach((input, i) => {
      if (inputs[i].length !== tf.util.sizeFromShape([...input.shape])) throw new TraceRefusal(`argument ${i} holds ${inputs[i].length} values, not ${shapeText(input.shape)}`);
      feeds[inputName(i)] = { data: inputs[i], dims: input.shape };
    });
    // The views below stay valid because nothing allocates on the backend until the run returns.
    entry.externals.forEach((t, i) => {
      if (t.isDisposed) throw new TraceRefusal(`a tensor the compiled function reads (shape ${shapeText(t.shape)}) was disposed`);
      feeds[externalName(i)] = { data: valuesOf(t), dims: t.shape };
    });
    const fetches: Record<string, NativeInput> = {};
    entry.outputs.forEach((output, i) => {
      if (outputs[i].length !== tf.util.sizeFromShape([...output.shape])) throw new TraceRefusal(`result ${i} needs room for ${shapeText(output.shape)}, got ${outputs[i].length} values`);
      fetches[outputName(i)] = { data: outputs[i], dims: output.shape };
    });
    entry.session.runInto(feeds, fetches);
  }
}

/** How the sessions of a compiled function keep memory between runs. */
export interface MemoryPolicy {
  /**
   * A session whose largest intermediate exceeds this many bytes runs without a memory arena,
   * giving every intermediate back when a run ends (default: every session keeps an arena,
   * which is faster for runs of one size but holds its largest run's buffers for good).
   */
  readonly arenaLimitBytes?: number;
}

/** The bytes of the largest value a kernel of the trace computes. */
function largestIntermediateBytes(trace: KernelTrace): number {
  let largest = 0;
  for (const kernel of trace.kernels) {
    for (const { shape, dtype } of kernel.outputs) largest = Math.max(largest, tf.util.sizeFromShape([...shape]) * (dtype === 'bool' ? 1 : 4));
  }
  return largest;
}

/**
 * Compiles a batched trace into a function of host arrays; the session of `firstBatch` is built
 * at once, so a translation problem shows here. `memory` says which sessions keep an arena.
 */
export function compileTrace(runtime: NativeRuntime, trace: BatchedTrace, firstBatch: number, memory: MemoryPolicy = {}): CompiledFunction {
  return new NativeFunction(runtime, trace, firstBatch, memory);
}
