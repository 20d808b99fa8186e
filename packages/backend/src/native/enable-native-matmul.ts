import type { MatmulInfo } from '../backend-info';
import { BackendError } from '../errors';
import { installedNativeRuntime, installNativeMatmul, uninstallNativeMatmul } from './native-matmul-kernels';
import { loadOnnxRuntime, ONNXRUNTIME_PACKAGE, type NativeRuntimeLoad } from './onnxruntime';
import { NATIVE_MATMUL_ENV_VAR, readNativeMatmulSettings, type NativeMatmulSettings } from './settings';

/** One load per thread count: loading initialises onnxruntime once per process anyway. */
const loads = new Map<number, NativeRuntimeLoad>();

const TURNED_OFF = `turned off by ${NATIVE_MATMUL_ENV_VAR}=0`;

/**
 * Puts BatchMatMul and _FusedMatMul of the wasm backend on onnxruntime-node when it loads,
 * per `OTFUSE_NATIVE_MATMUL` and `OTFUSE_THREADS` (or `settings`), and says which engine
 * computes them. Call it with wasm registered; `initBackend` does when it chooses wasm.
 * Throws BACKEND_INVALID_SETTING for a bad variable, and BACKEND_UNAVAILABLE when
 * `OTFUSE_NATIVE_MATMUL=1` asks for onnxruntime-node and it cannot be used; otherwise a
 * missing or broken onnxruntime-node leaves tfjs-wasm's kernels in place.
 */
export function enableNativeMatmul(settings: NativeMatmulSettings = readNativeMatmulSettings()): MatmulInfo {
  if (settings.mode === 'off') {
    uninstallNativeMatmul();
    return { engine: 'tfjs', reason: TURNED_OFF };
  }
  let load = loads.get(settings.threads);
  if (load === undefined) {
    load = loadOnnxRuntime(settings.threads);
    loads.set(settings.threads, load);
  }
  if ('error' in load) {
    if (settings.mode === 'on') {
      throw new BackendError('BACKEND_UNAVAILABLE', `${NATIVE_MATMUL_ENV_VAR}=1: ${load.error}`);
    }
    uninstallNativeMatmul();
    return { engine: 'tfjs', reason: load.error };
  }
  installNativeMatmul(load.runtime);
  return { engine: ONNXRUNTIME_PACKAGE, version: load.runtime.version, threads: load.runtime.threads };
}

/** Puts tfjs-wasm's own BatchMatMul and _FusedMatMul back (benchmarks and tests compare them). */
export function disableNativeMatmul(): void {
  uninstallNativeMatmul();
}

/** Whether the native kernels are installed now. */
export function nativeMatmulEnabled(): boolean {
  return installedNativeRuntime() !== undefined;
}

/** The matmul part of the log line. */
export function describeMatmul(info: MatmulInfo): string {
  if (info.engine === ONNXRUNTIME_PACKAGE) {
    return `matmul on ${ONNXRUNTIME_PACKAGE} ${info.version}, ${info.threads} thread${info.threads === 1 ? '' : 's'}`;
  }
  if (info.reason === TURNED_OFF) {
    return `matmul on wasm, ${TURNED_OFF}`;
  }
  return `${ONNXRUNTIME_PACKAGE} unavailable: ${info.reason}`;
}
