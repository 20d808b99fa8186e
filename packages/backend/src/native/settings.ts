import * as os from 'node:os';
import { BackendError } from '../errors';

export const THREADS_ENV_VAR = 'OTFUSE_THREADS';
export const NATIVE_MATMUL_ENV_VAR = 'OTFUSE_NATIVE_MATMUL';
export const NATIVE_FORWARD_ENV_VAR = 'OTFUSE_NATIVE_FORWARD';
export const NATIVE_TRAIN_ENV_VAR = 'OTFUSE_NATIVE_TRAIN';

/**
 * `auto`: use onnxruntime-node when it loads, else the wasm kernels (the default).
 * `on`: require it; initBackend fails on wasm when it cannot be used. `off`: never load it.
 */
export type NativeMatmulMode = 'auto' | 'on' | 'off';

export interface NativeMatmulSettings {
  readonly mode: NativeMatmulMode;
  /** onnxruntime-node's intra-op threads. */
  readonly threads: number;
}

const MODES: Record<string, NativeMatmulMode> = { '0': 'off', '1': 'on' };

/**
 * Reads a `0`/`1` variable: unset or blank is `auto`; anything else throws BACKEND_INVALID_SETTING
 * with `meaning`, which says what each value does.
 */
function readMode(env: NodeJS.ProcessEnv, name: string, meaning: string): NativeMatmulMode {
  const value = env[name]?.trim();
  if (value === undefined || value === '') return 'auto';
  const mode = MODES[value];
  if (mode === undefined) throw new BackendError('BACKEND_INVALID_SETTING', `${name}=${JSON.stringify(value)} is not valid; expected ${meaning}`);
  return mode;
}

/** Reads and checks `OTFUSE_NATIVE_MATMUL` and `OTFUSE_THREADS`; throws BACKEND_INVALID_SETTING. */
export function readNativeMatmulSettings(env: NodeJS.ProcessEnv = process.env): NativeMatmulSettings {
  const mode = readMode(env, NATIVE_MATMUL_ENV_VAR, '0 (matmul on the wasm kernels) or 1 (require onnxruntime-node); unset uses onnxruntime-node when it loads');
  const threadsValue = env[THREADS_ENV_VAR]?.trim();
  if (threadsValue === undefined || threadsValue === '') {
    return { mode, threads: os.availableParallelism() };
  }
  const threads = /^[0-9]+$/.test(threadsValue) ? Number(threadsValue) : NaN;
  if (!Number.isSafeInteger(threads) || threads < 1) {
    throw new BackendError(
      'BACKEND_INVALID_SETTING',
      `${THREADS_ENV_VAR}=${JSON.stringify(threadsValue)} is not a positive integer; it sets the threads of ` +
        `onnxruntime-node's matmul (unset: os.availableParallelism(), ${os.availableParallelism()} here)`,
    );
  }
  return { mode, threads };
}

/**
 * `OTFUSE_NATIVE_FORWARD`: `auto` compiles evaluation forward passes into one onnxruntime graph
 * where they translate (the default), `on` requires it, `off` (0) keeps them on tfjs.
 */
export function readNativeForwardMode(env: NodeJS.ProcessEnv = process.env): NativeMatmulMode {
  return readMode(env, NATIVE_FORWARD_ENV_VAR, '0 (forward passes on tfjs) or 1 (require them compiled for onnxruntime-node); unset compiles them where they translate');
}

/**
 * `OTFUSE_NATIVE_TRAIN`: `auto` compiles training steps (forward, backward and optimizer update)
 * into one onnxruntime graph where they translate (the default), `on` requires it, `off` (0)
 * keeps them on tfjs.
 */
export function readNativeTrainMode(env: NodeJS.ProcessEnv = process.env): NativeMatmulMode {
  return readMode(env, NATIVE_TRAIN_ENV_VAR, '0 (training steps on tfjs) or 1 (require them compiled for onnxruntime-node); unset compiles them where they translate');
}
