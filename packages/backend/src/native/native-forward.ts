import type * as tf from '@tensorflow/tfjs';
import { BackendError } from '../errors';
import { activeBackend } from '../init-backend';
import { compileWithRuntime, type ForwardCompilation } from './forward/compiled-forward';
import { installedNativeRuntime } from './native-matmul-kernels';
import { NATIVE_FORWARD_ENV_VAR, readNativeForwardMode, type NativeMatmulMode } from './settings';

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

function whyNoRuntime(): string {
  const backend = activeBackend();
  if (backend !== undefined && backend.name !== 'wasm') return `onnxruntime-node serves the wasm backend only (the backend is ${backend.name})`;
  const reason = backend?.matmul.reason;
  return `onnxruntime-node is not in use${reason ? `: ${reason}` : ''}`;
}
