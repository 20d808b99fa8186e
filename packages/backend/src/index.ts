// Public API of @otfuse/backend.
export { initBackend, activeBackend, BACKEND_ENV_VAR, type InitBackendOptions } from './init-backend';
export { BACKEND_NAMES, type BackendName } from './backend-name';
export type { BackendInfo, BackendAttempt, MatmulInfo } from './backend-info';
export { BackendError, type BackendErrorCode } from './errors';
export { registerWasmFixes } from './wasm/register-wasm-fixes';
export { enableNativeMatmul } from './native/enable-native-matmul';
export { NATIVE_MATMUL_THRESHOLDS } from './native/native-matmul-kernels';
export { NATIVE_MATMUL_ENV_VAR, NATIVE_FORWARD_ENV_VAR, NATIVE_TRAIN_ENV_VAR, THREADS_ENV_VAR, readNativeForwardMode, readNativeTrainMode, type NativeMatmulMode } from './native/settings';
export { compileBatchFunction, compileForward, compileTrainingFunction, exportForwardGraph, type FunctionCompilation, type TraceSample } from './native/native-forward';
export type { ExportedForward, ForwardExport } from './native/export/export-forward';
export type { SizePoint } from './native/export/size-polynomial';
export { BATCH_DIM, SEQUENCE_DIM } from './native/export/dynamic-graph';
export { encodeOnnxFiles, EXTERNAL_DATA_THRESHOLD, type OnnxFiles } from './native/export/onnx-files';
export { quantizeMatMuls } from './native/export/quantize';
export { TraceRefusal } from './native/forward/kernel-trace';
export type { OnnxGraph } from './native/onnx-model';
export type { CompiledFunction } from './native/forward/compiled-function';
export {
  FORWARD_TOLERANCE,
  largestDifference,
  type BatchFunctionCompilation,
  type CompiledBatchFunction,
  type CompiledForward,
  type ForwardCompilation,
  type HostResult,
} from './native/forward/compiled-forward';
export { nativeHostProductTransposed, type HostProductTransposed } from './native/host-product';
