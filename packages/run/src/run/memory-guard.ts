import * as tf from '@tensorflow/tfjs';
import { activeBackend } from '@otfuse/backend';
import { ConfigError } from '../config/config-error';
import type { Progress } from '../progress';

/** The WebAssembly backend's heap cannot grow past 4 GiB (32-bit addresses). */
export const WASM_HEAP_BYTES = 4 * 1024 ** 3;
/** Room left for what a forward pass does not show: fusion's own tensors, heap fragmentation. */
const USABLE_SHARE = 0.7;
/**
 * The memory one forward pass may take beyond its model when the batch size is a default.
 * Evaluation runs the pass as a native graph outside the heap, where nothing stops it growing:
 * a masked LM's logits and their softmax take about 47 MiB per example at BERT-base's size,
 * while a run holds its four models (1.8 GB at that size) through evaluation.
 */
export const DEFAULT_PASS_BYTES = 512 * 1024 ** 2;

/** Peak bytes of live tensors (the model's parameters included) during a forward pass on 1 and on 2 examples. */
export interface ForwardFootprint {
  one: number;
  two: number;
}

/** Measures a forward pass's peak tensor bytes for 1 and 2 examples; `run(n)` runs it on n examples and disposes all it makes. */
export async function forwardFootprint(run: (examples: number) => void): Promise<ForwardFootprint> {
  const one = (await tf.profile(() => run(1))).peakBytes;
  const two = (await tf.profile(() => run(2))).peakBytes;
  return { one, two };
}

/** What each example adds to a forward pass's peak, from the footprint (never negative). */
function bytesPerExample(footprint: ForwardFootprint): number {
  return Math.max(footprint.two - footprint.one, 0);
}

/**
 * The largest batch whose predicted forward pass fits in the WebAssembly heap, at most `limit`:
 * the peak grows by `two − one` bytes per example. 0 when not even one example fits. Other
 * backends allocate outside a fixed heap, so every batch up to `limit` fits there.
 */
export function largestFittingBatch(footprint: ForwardFootprint, limit: number): number {
  if (activeBackend()?.name !== 'wasm') return limit;
  const budget = WASM_HEAP_BYTES * USABLE_SHARE;
  if (footprint.one > budget) return 0;
  const perExample = bytesPerExample(footprint);
  if (perExample === 0) return limit;
  return Math.min(limit, Math.floor((budget - footprint.one) / perExample) + 1);
}

/** A forward pass's predicted peak on `batchSize` examples, as words for a message. */
function predictedNeed(footprint: ForwardFootprint, batchSize: number, where: string): string {
  const perExample = bytesPerExample(footprint);
  const predicted = footprint.one + (batchSize - 1) * perExample;
  return (
    `a forward pass of ${where} on ${batchSize} examples needs about ${gib(predicted)} of WebAssembly memory ` +
    `(${mib(perExample)} per example) and the heap holds at most ${gib(WASM_HEAP_BYTES)}`
  );
}

/**
 * Refuses a batch size whose forward pass cannot fit in the WebAssembly heap, before any long
 * work starts, naming the setting and the largest value that fits.
 */
export function checkBatchFits(footprint: ForwardFootprint, batchSize: number, setting: string, where: string): void {
  const largest = largestFittingBatch(footprint, batchSize);
  if (largest >= batchSize) return;
  const advice = largest === 0 ? `even ${setting} 1 does not fit: use a smaller model or fewer tokens per example` : `set ${setting} to at most ${largest}`;
  throw new ConfigError('OUT_OF_MEMORY', `${setting} is ${batchSize}, but ${predictedNeed(footprint, batchSize, where)}: ${advice}`);
}

/** The batch size a run uses, and why. */
export interface BatchChoice {
  size: number;
  /** The setting it stands for, e.g. `eval.batch_size`. */
  setting: string;
  /** `set`: the file's value; `default`: the default, which fits; `fitted`: the largest below the default that fits. */
  source: 'set' | 'default' | 'fitted';
  reason: string;
}

/** The largest batch whose pass takes at most {@link DEFAULT_PASS_BYTES} beyond the model (at least 1), at most `limit`. */
function largestWithinPassBudget(footprint: ForwardFootprint, limit: number): number {
  const perExample = bytesPerExample(footprint);
  return perExample === 0 ? limit : Math.max(1, Math.min(limit, Math.floor(DEFAULT_PASS_BYTES / perExample)));
}

/**
 * The batch size for a forward pass of this footprint: a value the file sets is used as it is
 * (or refused when it cannot fit the WebAssembly heap); an unset one is the default, lowered to
 * the largest batch that the footprint predicts fits the heap and keeps one pass within
 * {@link DEFAULT_PASS_BYTES} of memory beyond the model.
 */
export function chooseBatch(footprint: ForwardFootprint, batch: { size: number; setting: string; given: boolean }, where: string): BatchChoice {
  if (batch.given) {
    checkBatchFits(footprint, batch.size, batch.setting, where);
    return { size: batch.size, setting: batch.setting, source: 'set', reason: `${batch.setting} is set to ${batch.size}` };
  }
  const fitting = largestFittingBatch(footprint, batch.size);
  if (fitting === 0) checkBatchFits(footprint, 1, batch.setting, where);
  const withinBudget = largestWithinPassBudget(footprint, batch.size);
  const size = Math.min(fitting, withinBudget);
  if (size >= batch.size) return { size: batch.size, setting: batch.setting, source: 'default', reason: `${batch.setting} is not set; the default ${batch.size} fits` };
  const why =
    fitting <= withinBudget
      ? `${predictedNeed(footprint, batch.size, where)}; ${size} is the largest batch that fits`
      : `${passNeed(footprint, batch.size, where)}; an unset batch size keeps one pass within ${mib(DEFAULT_PASS_BYTES)}, so ${size}`;
  return { size, setting: batch.setting, source: 'fitted', reason: `${batch.setting} is not set, and at the default ${batch.size} ${why}` };
}

/** The memory a pass takes beyond its model on `batchSize` examples, as words for a message. */
function passNeed(footprint: ForwardFootprint, batchSize: number, where: string): string {
  const perExample = bytesPerExample(footprint);
  return `a forward pass of ${where} on ${batchSize} examples takes about ${gib(perExample * batchSize)} beyond the model (${mib(perExample)} per example)`;
}

/** What ran out: the WebAssembly heap of the tensors, or the process's own (host) memory. */
export type ExhaustedMemory = 'wasm-heap' | 'host';

/**
 * How a full WebAssembly heap shows up: emscripten's abort, a failed growth, and the traps a
 * failed allocation leads to (a null pointer written through, an abort compiled to `unreachable`).
 */
const WASM_HEAP_SIGNS = /Aborted\(|Cannot enlarge memory|WebAssembly\.Memory|memory access out of bounds/i;
/** A trap's name: `instanceof WebAssembly.RuntimeError` fails across realms (jest's, a worker's). */
const isWasmTrap = (e: Error) => e.name === 'RuntimeError' && /unreachable|memory access out of bounds/i.test(e.message);
/** How host memory runs out: V8's array buffers, onnxruntime's native allocator, C++'s bad_alloc. */
const HOST_SIGNS = /Array buffer allocation failed|out of memory|Failed to allocate memory|bad_alloc|Cannot allocate memory/i;

/** Which memory an error says ran out (checking its causes too), or undefined for any other error. */
export function exhaustedMemory(error: unknown): ExhaustedMemory | undefined {
  // A ConfigError already says what to change (the batch check's refusal, an inner guard's message).
  if (error instanceof Error && error.name === 'ConfigError') return undefined;
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (isWasmTrap(e) || WASM_HEAP_SIGNS.test(e.message)) return 'wasm-heap';
    if (HOST_SIGNS.test(e.message)) return 'host';
  }
  return undefined;
}

/** True for the ways a full WebAssembly heap or host memory shows up in JavaScript. */
export function isOutOfMemory(error: unknown): boolean {
  return exhaustedMemory(error) !== undefined;
}

/** Where a command is, for an out-of-memory message: the stage and what to change. */
export interface MemoryContext {
  stage: string;
  hint: string;
}

/**
 * Runs a command whose stages are announced on `progress`; an out-of-memory failure becomes an
 * error naming the stage it happened in and the settings (from `hint`) to change.
 */
export async function runGuarded<T>(progress: Progress, hint: () => string, body: (progress: Progress) => Promise<T>): Promise<T> {
  let stage = 'start';
  const tracked: Progress = {
    ...progress,
    stage: (name) => {
      stage = name;
      return progress.stage(name);
    },
  };
  return guardMemory(() => ({ stage: `stage '${stage}'`, hint: hint() }), () => body(tracked));
}

/**
 * Runs a command, turning an out-of-memory failure into an error that names the stage it
 * happened in, what ran out and the setting to change (never the runtime's bare `Aborted()` or trap).
 */
export async function guardMemory<T>(where: () => MemoryContext, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const exhausted = exhaustedMemory(error);
    if (exhausted === undefined) throw error;
    const { stage, hint } = where();
    // The runtime's first sentence only: emscripten appends build advice the user cannot act on.
    const detail = (error as Error).message.split(/\n|\. /)[0];
    const what =
      exhausted === 'wasm-heap'
        ? `the WebAssembly heap (at most ${gib(WASM_HEAP_BYTES)}) is full; the runtime said "${detail}"`
        : `host memory is exhausted (an allocation outside the WebAssembly heap failed: "${detail}")`;
    throw new ConfigError('OUT_OF_MEMORY', `ran out of memory during ${stage}: ${what}. To fit, ${hint}`);
  }
}

const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
