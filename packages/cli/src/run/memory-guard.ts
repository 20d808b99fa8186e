import * as tf from '@tensorflow/tfjs';
import { activeBackend } from '@otfuse/backend';
import { ConfigError } from '../config/config-error';
import type { Progress } from '../progress';

/** The WebAssembly backend's heap cannot grow past 4 GiB (32-bit addresses). */
export const WASM_HEAP_BYTES = 4 * 1024 ** 3;
/** Room left for what a forward pass does not show: fusion's own tensors, heap fragmentation. */
const USABLE_SHARE = 0.7;

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

/**
 * Refuses a batch size whose forward pass cannot fit in the WebAssembly heap, before any long
 * work starts: the peak grows by `two − one` bytes per example. Other backends allocate outside
 * a fixed heap and are not checked.
 */
export function checkBatchFits(footprint: ForwardFootprint, batchSize: number, setting: string, where: string): void {
  if (activeBackend()?.name !== 'wasm') return;
  const perExample = Math.max(footprint.two - footprint.one, 0);
  const predicted = footprint.one + (batchSize - 1) * perExample;
  const budget = WASM_HEAP_BYTES * USABLE_SHARE;
  if (predicted <= budget) return;
  const largest = Math.max(1, Math.floor((budget - footprint.one) / Math.max(perExample, 1)) + 1);
  throw new ConfigError(
    'OUT_OF_MEMORY',
    `${setting} is ${batchSize}, but a forward pass of ${where} on ${batchSize} examples needs about ${gib(predicted)} of WebAssembly memory ` +
      `(${mib(perExample)} per example) and the heap holds at most ${gib(WASM_HEAP_BYTES)}: set ${setting} to at most ${largest}`,
  );
}

/** True for the ways a full WebAssembly heap or host memory shows up in JavaScript. */
export function isOutOfMemory(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return /Aborted\(|out of memory|Array buffer allocation failed|Cannot enlarge memory|WebAssembly\.Memory/i.test(error.message);
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
 * happened in and the setting to change (never emscripten's bare `Aborted()`).
 */
export async function guardMemory<T>(where: () => MemoryContext, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (!isOutOfMemory(error)) throw error;
    const { stage, hint } = where();
    const heap = activeBackend()?.name === 'wasm' ? ` (the WebAssembly heap holds at most ${gib(WASM_HEAP_BYTES)})` : '';
    throw new ConfigError('OUT_OF_MEMORY', `ran out of memory during ${stage}${heap}: ${hint}`);
  }
}

const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
