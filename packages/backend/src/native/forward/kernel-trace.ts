import * as tf from '@tensorflow/tfjs';

/** Where a kernel's input comes from. */
export type TraceSource =
  /** The traced function's argument `index`. */
  | { readonly kind: 'input'; readonly index: number }
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

/** One result of a traced function: always a kernel's output. */
export type TracedOutput = TracedValue & { readonly source: Extract<TraceSource, { kind: 'kernel' }> };

/** The kernels one call of a function ran, in order, and how their values connect. */
export interface KernelTrace {
  /** The function's arguments, in order. */
  readonly inputs: readonly TracedValue[];
  readonly kernels: readonly TracedKernel[];
  readonly constants: readonly TracedConstant[];
  /** The function's results, in order. */
  readonly outputs: readonly TracedOutput[];
  /** Whether the function read an argument's values on the host (a validation, such as a range check of token ids). */
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
 * Runs `fn(inputs)` once on the current backend and records every kernel it calls through the
 * engine (nested calls made by a kernel itself are part of that kernel). Kernel names and
 * attributes are tfjs-core 4.x's (`engine().runKernel`), which is why the backend pins tfjs's
 * version. The results are disposed: a trace is for compiling, the caller has `fn` for values.
 * A function that reads a value computed from its inputs on the host (`dataSync` of a kernel's
 * output) is refused: a graph cannot follow a decision made in JavaScript. Reading an input
 * itself is allowed and noted (`readsInput`): plugins validate their inputs that way, and
 * the batch traces of `fitBatch` hold different rows, so a graph that followed the input's
 * values would show. A gradient (`tf.grads` inside `fn`) traces too: the copies the engine
 * keeps of a kernel's tensors for the backward pass are the tensors they copy.
 */
export function traceFunction(fn: (inputs: tf.Tensor[]) => tf.Tensor[], inputs: readonly tf.Tensor[]): KernelTrace {
  const engine = tf.engine() as unknown as TracedEngine;
  const original = engine.runKernel;
  const originalReadSync = engine.readSync;
  // Data ids of the kernels' outputs; reading one of them on the host is a refusal.
  const computed = new Set<object>();
  const inputData = new Set<object>(inputs.map((x) => x.dataId));
  let hostRead: string | undefined;
  let readsInput = false;
  // Tensor ids only grow: one below this existed before the trace.
  const marker = tf.scalar(0);
  const firstId = marker.id;
  marker.dispose();

  const kernels: TracedKernel[] = [];
  const constants: TracedConstant[] = [];
  const sources = new Map<number, TraceSource>();
  // Copies made by a nested Identity (the engine's saved-for-backward clones), by the copy's id.
  const copies = new Map<number, tf.Tensor>();
  const sourceOf = (tensor: tf.Tensor): TraceSource => {
    const known = sources.get(tensor.id);
    if (known) return known;
    const copied = copies.get(tensor.id);
    if (copied !== undefined) return sourceOf(copied);
    let source: TraceSource;
    const index = inputs.indexOf(tensor);
    if (index >= 0) source = { kind: 'input', index };
    else if (tensor.id < firstId) source = { kind: 'external', tensor };
    else {
      source = { kind: 'constant', index: constants.length };
      constants.push({ shape: tensor.shape, dtype: tensor.dtype, values: tensor.dataSync() as tf.TypedArray });
    }
    sources.set(tensor.id, source);
    return source;
  };

  let depth = 0;
  const recording: RunKernel = function (this: unknown, name, kernelInputs, attrs) {
    if (depth > 0) {
      const out = original.call(this, name, kernelInputs, attrs);
      if (name === 'Identity' && !Array.isArray(out)) copies.set(out.id, kernelInputs.x as tf.Tensor);
      return out;
    }
    depth++;
    try {
      const traced: TracedInput[] = Object.entries(kernelInputs)
        .filter(([, tensor]) => tensor != null)
        .map(([inputName, tensor]) => {
          const t = tensor as tf.Tensor;
          return { name: inputName, source: sourceOf(t), shape: t.shape, dtype: t.dtype };
        });
      const out = original.call(this, name, kernelInputs, attrs);
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
    if (inputData.has(dataId)) readsInput = true;
    else if (computed.has(dataId) && hostRead === undefined) hostRead = `the output of kernel ${kernels.length - 1} (${kernels[kernels.length - 1].name}) or an earlier one`;
    return originalReadSync.call(this, dataId);
  };

  const restore = [replace(engine, 'runKernel', recording), replace(engine, 'readSync', reading)];
  let outputs: TracedOutput[] = [];
  try {
    tf.tidy(() => {
      outputs = fn([...inputs]).map((result) => {
        const source = sources.get(result.id) ?? (copies.has(result.id) ? sourceOf(result) : undefined);
        if (source?.kind !== 'kernel') {
          throw new TraceRefusal(inputs.includes(result) ? 'the function returns its input' : 'the function returns a tensor that no kernel computed');
        }
        return { source, shape: result.shape, dtype: result.dtype };
      });
    });
  } finally {
    restore.forEach((put) => put());
  }
  if (hostRead !== undefined) throw new TraceRefusal(`the function reads ${hostRead} on the host (dataSync), so its graph would depend on those values`);
  return { inputs: inputs.map((x) => ({ shape: x.shape, dtype: x.dtype })), kernels, constants, outputs, readsInput };
}
