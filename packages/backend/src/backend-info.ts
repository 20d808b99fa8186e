import type { BackendName } from './backend-name';

/** One backend that was tried, with why it could not be used. */
export interface BackendAttempt {
  readonly name: BackendName;
  /** Why it was skipped; absent for the backend that was chosen. */
  readonly error?: string;
}

/** What computes `tf.matMul` (BatchMatMul) and `tf.fused.matMul` (_FusedMatMul). */
export interface MatmulInfo {
  /**
   * `onnxruntime-node`: on wasm, products above a size threshold run on onnxruntime-node's
   * native CPU library, smaller ones on tfjs-wasm. `tfjs`: the backend's own kernels.
   */
  readonly engine: 'onnxruntime-node' | 'tfjs';
  /** onnxruntime-node's version; only with that engine. */
  readonly version?: string;
  /** The threads onnxruntime-node may use (`OTFUSE_THREADS`); only with that engine. */
  readonly threads?: number;
  /** On wasm without onnxruntime-node: why (turned off, not installed, failed to load). */
  readonly reason?: string;
}

/** The backend chosen for this process. */
export interface BackendInfo {
  readonly name: BackendName;
  /** What `tf.getBackend()` reports: `tensorflow` for both native packages, else the name. */
  readonly tfBackend: string;
  /** Every backend tried, in order, ending with the chosen one. */
  readonly tried: readonly BackendAttempt[];
  readonly matmul: MatmulInfo;
}
