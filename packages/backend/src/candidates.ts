import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import type { BackendName } from './backend-name';
import { loadNativePackage, type NativePackage } from './native-package';
import { registerWasmFixes } from './wasm/register-wasm-fixes';

/** How to bring up one backend of the fallback order. */
export interface BackendCandidate {
  readonly name: BackendName;
  /** The name TensorFlow.js registers the backend under. */
  readonly tfBackend: string;
  /** Why the backend cannot be used here, or `undefined`; loads its package on first call. */
  unavailableReason(): string | undefined;
  /** Runs once the backend is active; returns the details shown in the log line. */
  prepare(): Promise<string>;
}

function nativeCandidate(name: BackendName, packageName: NativePackage, details: string): BackendCandidate {
  return {
    name,
    tfBackend: 'tensorflow',
    unavailableReason: () => loadNativePackage(packageName),
    prepare: async () => details,
  };
}

function registeredCandidate(name: BackendName, prepare: () => Promise<string>): BackendCandidate {
  return {
    name,
    tfBackend: name,
    unavailableReason: () =>
      tf.findBackendFactory(name) === null ? `TensorFlow.js has no '${name}' backend registered` : undefined,
    prepare,
  };
}

async function prepareWasm(): Promise<string> {
  registerWasmFixes();
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  const threads = getThreadsCount();
  return `${simd ? 'SIMD' : 'no SIMD'}, ${threads} thread${threads === 1 ? '' : 's'}`;
}

/** Every backend, in the order they are tried. */
export const BACKEND_CANDIDATES: readonly BackendCandidate[] = [
  nativeCandidate('node-gpu', '@tensorflow/tfjs-node-gpu', 'libtensorflow with CUDA'),
  nativeCandidate('node', '@tensorflow/tfjs-node', 'libtensorflow'),
  registeredCandidate('wasm', prepareWasm),
  registeredCandidate('cpu', async () => 'plain JavaScript, slowest'),
];
