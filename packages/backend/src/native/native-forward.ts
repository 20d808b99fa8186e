import type * as tf from '@tensorflow/tfjs';
import { BackendError } from '../errors';
import { exportForward, type ExportedForward, type ForwardExport } from './export/export-forward';
import { activeBackend } from '../init-backend';
import { fitBatch } from './forward/batch-fit';
import { compileBatchFunctionWithRuntime, compileWithRuntime, type BatchFunctionCompilation, type ForwardCompilation } from './forward/compiled-forward';
import { compileTrace, type CompiledFunction } from './forward/compiled-function';
import { TraceRefusal, traceFunction } from './forward/kernel-trace';
import { installedNativeRuntime } from './native-matmul-kernels';
import type { NativeRuntime } from './onnxruntime';
import { NATIVE_FORWARD_ENV_VAR, NATIVE_TRAIN_ENV_VAR, readNativeForwardMode, readNativeTrainMode, type NativeMatmulMode } from './settings';

/**
 * Runs `compile` with the installed onnxruntime-node when `mode` allows it. A refusal says why;
 * with the setting at 1 (`on`) it is a BACKEND_UNAVAILABLE error instead, naming `what`.
 */
function compileNative<T extends object>(mode: NativeMatmulMode, setting: string, what: string, compile: (runtime: NativeRuntime) => T | { refused: string }): T | { refused: string } {
  if (mode === 'off') return { refused: `turned off by ${setting}=0` };
  const runtime = installedNativeRuntime();
  const result = runtime ? compile(runtime) : { refused: whyNoRuntime() };
  if ('refused' in result && mode === 'on') {
    throw new BackendError('BACKEND_UNAVAILABLE', `${setting}=1, but ${what} cannot be compiled: ${result.refused}`);
  }
  return result;
}

/**
 * Compiles `fn`, a pure function of a batch such as a model's eval forward pass, into one
 * onnxruntime-node graph (see `compileBatchFunctionWithRuntime`), when the wasm backend runs
 * with onnxruntime-node and `OTFUSE_NATIVE_FORWARD` allows it.
 */
export function compileForward(fn: (x: tf.Tensor) => tf.Tensor, sample: tf.Tensor, mode: NativeMatmulMode = readNativeForwardMode()): ForwardCompilation {
  return compileNative(mode, NATIVE_FORWARD_ENV_VAR, 'the forward pass', (runtime) => compileWithRuntime(runtime, fn, sample));
}

/**
 * Compiles `fn`, a pure function of several batched tensors with float32 results (an eval
 * forward pass and its scores against the labels), into one onnxruntime-node graph checked
 * against tfjs, under `OTFUSE_NATIVE_FORWARD` as {@link compileForward}.
 */
export function compileBatchFunction(fn: (inputs: tf.Tensor[]) => tf.Tensor[], samples: readonly tf.Tensor[], mode: NativeMatmulMode = readNativeForwardMode()): BatchFunctionCompilation {
  return compileNative(mode, NATIVE_FORWARD_ENV_VAR, 'the forward pass', (runtime) => compileBatchFunctionWithRuntime(runtime, fn, samples));
}

export type FunctionCompilation = { readonly compiled: CompiledFunction } | { readonly refused: string };

/** Arguments of one trace of a batched function, and their batch size. */
export interface TraceSample {
  readonly batch: number;
  readonly inputs: readonly tf.Tensor[];
}

/**
 * Compiles `fn`, a pure function of batched and unbatched tensors with several results (a
 * training step: a batch, the parameters and optimizer state in, the loss and their new values
 * out), into one onnxruntime-node graph for every batch size: `fn` is traced on both samples
 * (two batch sizes, different rows), the batch-dependent numbers extended linearly. The caller
 * checks the compiled function against `fn` on tfjs. Governed by `OTFUSE_NATIVE_TRAIN`.
 */
export function compileTrainingFunction(
  fn: (inputs: tf.Tensor[]) => tf.Tensor[],
  first: TraceSample,
  second: TraceSample,
  mode: NativeMatmulMode = readNativeTrainMode(),
): FunctionCompilation {
  return compileNative(mode, NATIVE_TRAIN_ENV_VAR, 'the training step', (runtime): FunctionCompilation => {
    try {
      const trace = fitBatch(traceFunction(fn, first.inputs), traceFunction(fn, second.inputs), first.batch, second.batch);
      return { compiled: compileTrace(runtime, trace, second.batch) };
    } catch (error) {
      return { refused: error instanceof TraceRefusal ? error.message : `compiling failed: ${String((error as Error).message ?? error).split('\n')[0]}` };
    }
  });
}

function whyNoRuntime(): string {
  const backend = activeBackend();
  if (backend !== undefined && backend.name !== 'wasm') return `onnxruntime-node serves the wasm backend only (the backend is ${backend.name})`;
  const reason = backend?.matmul.reason;
  return `onnxruntime-node is not in use${reason ? `: ${reason}` : ''}`;
}

/**
 * `spec.fn` as one ONNX graph for every batch size (and sequence length) with its weights as
 * constants (see `exportForward`), checked against tfjs on onnxruntime-node where it is in use.
 */
export function exportForwardGraph(spec: ForwardExport): ExportedForward {
  return exportForward(spec, installedNativeRuntime());
}
