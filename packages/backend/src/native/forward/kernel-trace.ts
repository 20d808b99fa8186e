import * as tf from '@tensorflow/tfjs';

/** Where a kernel's input comes from. */
export type TraceSource =
  /** The traced function's argument. */
  | { readonly kind: 'input' }
  /** A tensor that existed before the trace: a parameter, read again at every run. */
  | { readonly kind: 'external'; readonly tensor: tf.Tensor }
  /** A tensor made during the trace without a kernel (an operand such as `0.5`): its values are fixed. */
  | { readonly kind: 'constant'; readonly index: number }
  /** Output `output` of kernel `node`. */
  | { readonly kind: 'kernel'; readonly node: number; readonly output: number };

export interface TracedValue {
  readonly shape: readonly number[];
  readonly dtype: tf.DataType;
}

export interface TracedInput extends TracedValue {
  /** The kernel's own name for it (`x`, `a`, `b`…; `0`, `1`… for a list such as Concat's). */
  readonly name: string;
  readonly source: TraceSource;
}

/** One kernel call as tfjs ran it. */
export interface TracedKernel {
  readonly name: string;
  readonly inputs: readonly TracedInput[];
  readonly attrs: Readonly<Record<string, unknown>>;
  readonly outputs: readonly TracedValue[];
}

export interface TracedConstant extends TracedValue {
  readonly values: tf.TypedArray;
}

/** The kernels one call of a function ran, in order, and how their values connect. */
export interface KernelTrace {
  readonly input: TracedValue;
  readonly kernels: readonly TracedKernel[];
  readonly constants: readonly TracedConstant[];
  /** The function's result; always a kernel's output. */
  readonly output: TracedValue & { readonly source: Extract<TraceSource, { kind: 'kernel' }> };
  /** Whether the function read its input's values on the host (a validation, such as a range check of token ids). */
  readonly readsInput: boolean;
}

/** A function that cannot be traced into a graph; `message` says why. */
export class TraceRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TraceRefusal';
  }
}

type RunKernel = (kernelName: string, inputs: Record<string, unknown>, attrs?: Record<string, unknown>) => tf.Tensor | tf.Tensor[];
type ReadSync = (dataId: object) => unknown;

interface TracedEngine {
  runKernel: RunKernel;
  readSync: ReadSync;
}

/** Replaces `engine[method]` until the returned function puts it back. */
function replace<K extends keyof TracedEngine>(engine: TracedEngine, method: K, by: TracedEngine[K]): () => void {
  const own = Object.prototype.hasOwnProperty.call(engine, method);
  const original = engine[method];
  engine[method] = by;
  return () => {
    if (own) engine[method] = original;
    else delete (engine as Partial<TracedEngine>)[method];
  };
}

/**
 * Runs `fn(x)` once on the current backend and records every kernel it calls through the
 * engine (nested calls made by a kernel itself are part of that kernel). Kernel names and
 * attributes are tfjs-core 4.x's (`engine().runKernel`), which is why the backend pins tfjs's
 * version. The result is disposed: a trace is for compiling, the caller has `fn` for values.
 * A function that reads a value computed from its input on the host (`dataSync` of a kernel's
 * output) is refused: a graph cannot follow a decision made in JavaScript. Reading the input
 * itself is allowed and noted (`readsInput`): plugins validate their inputs that way, and
 * the batch traces of `fitBatch` hold different rows, so a graph that followed the input's
 * values would show.
 */
export function traceKernels(fn: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor): KernelTrace {
  const engine = tf.engine() as unknown as TracedEngine;
  const original = engine.runKernel;
  const originalReadSync = engine.readSync;
  // Data ids of the kernels' outputs; reading one of them on the host is a refusal.
  const computed = new Set<object>();
  let hostRead: string | undefined;
  let readsInput = false;
  // Tensor ids only grow: one below this existed before the trace.
  const marker = tf.scalar(0);
  const firstId = marker.id;
  marker.dispose();

  const kernels: TracedKernel[] = [];
  const constants: TracedConstant[] = [];
  const sources = new Map<number, TraceSource>();
  const sourceOf = (tensor: tf.Tensor): TraceSource => {
    const known = sources.get(tensor.id);
    if (known) return known;
    let source: TraceSource;
    if (tensor === x) source = { kind: 'input' };
    else if (tensor.id < firstId) source = { kind: 'external', tensor };
    else {
      source = { kind: 'constant', index: constants.length };
      constants.push({ shape: tensor.shape, dtype: tensor.dtype, values: tensor.dataSync() as tf.TypedArray });
    }
    sources.set(tensor.id, source);
    return source;
  };

  let depth = 0;
  const recording: RunKernel = function (this: unknown, name, inputs, attrs) {
    if (depth > 0) return original.call(this, name, inputs, attrs);
    depth++;
    try {
      const traced: TracedInput[] = Object.entries(inputs)
        .filter(([, tensor]) => tensor != null)
        .map(([inputName, tensor]) => {
          const t = tensor as tf.Tensor;
          return { name: inputName, source: sourceOf(t), shape: t.shape, dtype: t.dtype };
        });
      const out = original.call(this, name, inputs, attrs);
      const outputs = Array.isArray(out) ? out : [out];
      const node = kernels.length;
      outputs.forEach((tensor, output) => {
        sources.set(tensor.id, { kind: 'kernel', node, output });
        computed.add(tensor.dataId);
      });
      kernels.push({ name, inputs: traced, attrs: structuredClone(attrs ?? {}), outputs: outputs.map((t) => ({ shape: t.shape, dtype: t.dtype })) });
      return out;
    } finally {
      depth--;
    }
  };

  const reading: ReadSync = function (this: unknown, dataId) {
    if (dataId === x.dataId) readsInput = true;
    else if (computed.has(dataId) && hostRead === undefined) hostRead = `the output of kernel ${kernels.length - 1} (${kernels[kernels.length - 1].name}) or an earlier one`;
    return originalReadSync.call(this, dataId);
  };

  const restore = [replace(engine, 'runKernel', recording), replace(engine, 'readSync', reading)];
  let output: KernelTrace['output'] | undefined;
  try {
    tf.tidy(() => {
      const result = fn(x);
      const source = sources.get(result.id);
      if (source?.kind !== 'kernel') {
        throw new TraceRefusal(result === x ? 'the function returns its input' : 'the function returns a tensor that no kernel computed');
      }
      output = { source, shape: result.shape, dtype: result.dtype };
    });
  } finally {
    restore.forEach((put) => put());
  }
  if (hostRead !== undefined) throw new TraceRefusal(`the function reads ${hostRead} on the host (dataSync), so its graph would depend on those values`);
  return { input: { shape: x.shape, dtype: x.dtype }, kernels, constants, output: output as KernelTrace['output'], readsInput };
}
