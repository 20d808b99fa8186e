import type * as tf from '@tensorflow/tfjs';
import { BackendError } from '../errors';
import { activeBackend } from '../init-backend';
import { fitBatch } from './forward/batch-fit';
import { compileWithRuntime, type ForwardCompilation } from './forward/compiled-forward';
import { compileTrace, type CompiledFunction } from './forward/compiled-function';
import { TraceRefusal, traceFunction } from './forward/kernel-trace';
import { installedNativeRuntime } from './native-matmul-kernels';
import { NATIVE_FORWARD_ENV_VAR, NATIVE_TRAIN_ENV_VAR, readNativeForwardMode, readNativeTrainMode, type NativeMatmulMode } from './settings';

/**
 * Compiles `fn`, a pure function of a batch such as a model's eval forward pass, into one
 * onnxruntime-node graph (see `compileWithRuntime`), when the wasm backend runs with
 * onnxruntime-node and `OTFUSE_NATIVE_FORWARD` allows it. A refusal says why; with
 * `OTFUSE_NATIVE_FORWARD=1` it is a BACKEND_UNAVAILABLE error instead.
 */
export function compileForward(fn: (x: tf.Tensor) => tf.Tensor, sample: tf.Tensor, mode: NativeMatmulMode = readNativeForwardMode()): ForwardCompilation {
  if (mode === 'off') return { refused: `turned off by ${NATIVE_FORWARD_ENV_VAR}=0` };
  const runtime = installedNativeRuntime();
  const result: ForwardCompilation = runtime ? compileWithRuntime(runtime, fn, sample) : { refused: whyNoRuntime() };
  if ('refused' in result && mode === 'on') {
    throw new BackendError('BACKEND_UNAVAILABLE', `${NATIVE_FORWARD_ENV_VAR}=1, but the forward pass cannot be compiled: ${result.refused}`);
  }
  return result;
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
 * checks the compiled function against `fn` on tfjs. A refusal says why; with
 * `OTFUSE_NATIVE_TRAIN=1` it is a BACKEND_UNAVAILABLE error instead.
 */
export function compileTrainingFunction(
  fn: (inputs: tf.Tensor[]) => tf.Tensor[],
  first: TraceSample,
  second: TraceSample,
  mode: NativeMatmulMode = readNativeTrainMode(),
): FunctionCompilation {
  if (mode === 'off') return { refused: `turned off by ${NATIVE_TRAIN_ENV_VAR}=0` };
  const runtime = installedNativeRuntime();
  let result: FunctionCompilation;
  if (runtime === undefined) result = { refused: whyNoRuntime() };
  else {
    try {
      const trace = fitBatch(traceFunction(fn, first.inputs), traceFunction(fn, second.inputs), first.batch, second.batch);
      result = { compiled: compileTrace(runtime, trace, second.batch) };
    } catch (error) {
      result = { refused: error instanceof TraceRefusal ? error.message : `compiling failed: ${String((error as Error).message ?? error).split('\n')[0]}` };
    }
  }
  if ('refused' in result && mode === 'on') {
    throw new BackendError('BACKEND_UNAVAILABLE', `${NATIVE_TRAIN_ENV_VAR}=1, but the training step cannot be compiled: ${result.refused}`);
  }
  return result;
}

function whyNoRuntime(): string {
  const backend = activeBackend();
  if (backend !== undefined && backend.name !== 'wasm') return `onnxruntime-node serves the wasm backend only (the backend is ${backend.name})`;
  const reason = backend?.matmul.reason;
  return `onnxruntime-node is not in use${reason ? `: ${reason}` : ''}`;
}
