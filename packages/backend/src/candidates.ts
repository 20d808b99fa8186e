import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import type { MatmulInfo } from './backend-info';
import type { BackendName } from './backend-name';
import { describeMatmul, enableNativeMatmul } from './native/enable-native-matmul';
import type { NativeMatmulSettings } from './native/settings';
import { loadNativePackage, type NativePackage } from './native-package';
import { registerWasmFixes } from './wasm/register-wasm-fixes';

/** What a backend reports once prepared. */
export interface PreparedBackend {
  /** Shown in parentheses in the log line. */
  readonly details: string;
  readonly matmul: MatmulInfo;
}

/** How to bring up one backend of the fallback order. */
export interface BackendCandidate {
  readonly name: BackendName;
  /** The name TensorFlow.js registers the backend under. */
  readonly tfBackend: string;
  /** Why the backend cannot be used here, or `undefined`; loads its package on first call. */
  unavailableReason(): string | undefined;
  /** Runs once the backend is active, with the settings read by initBackend. */
  prepare(settings: NativeMatmulSettings): Promise<PreparedBackend>;
}

function nativeCandidate(name: BackendName, packageName: NativePackage, details: string): BackendCandidate {
  return {
    name,
    tfBackend: 'tensorflow',
    unavailableReason: () => loadNativePackage(packageName),
    prepare: async () => ({ details, matmul: { engine: 'tfjs' } }),
  };
}

function registeredCandidate(
  name: BackendName,
  prepare: (settings: NativeMatmulSettings) => Promise<PreparedBackend>,
): BackendCandidate {
  return {
    name,
    tfBackend: name,
    unavailableReason: () =>
      tf.findBackendFactory(name) === null ? `TensorFlow.js has no '${name}' backend registered` : undefined,
    prepare,
  };
}

async function prepareWasm(settings: NativeMatmulSettings): Promise<PreparedBackend> {
  registerWasmFixes();
  const matmul = enableNativeMatmul(settings);
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  const threads = getThreadsCount();
  const wasm = `${simd ? 'SIMD' : 'no SIMD'}, ${threads} thread${threads === 1 ? '' : 's'}`;
  return { details: `${wasm}; ${describeMatmul(matmul)}`, matmul };
}

/** Every backend, in the order they are tried. */
export const BACKEND_CANDIDATES: readonly BackendCandidate[] = [
  nativeCandidate('node-gpu', '@tensorflow/tfjs-node-gpu', 'libtensorflow with CUDA'),
  nativeCandidate('node', '@tensorflow/tfjs-node', 'libtensorflow'),
  registeredCandidate('wasm', prepareWasm),
  registeredCandidate('cpu', async () => ({ details: 'plain JavaScript, slowest', matmul: { engine: 'tfjs' } })),
];
