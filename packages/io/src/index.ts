// Public API of @otfuse/io.
export { DTYPES, DTYPE_NAMES, isDtype, isFloatDtype, elementCount } from './dtypes';
export type { Dtype, DtypeInfo, FloatDtype, IntDtype, TensorArray, TensorData } from './dtypes';
export { IoError, SafetensorsError, ModelFolderError } from './errors';
export type { IoErrorCode, SafetensorsErrorCode, ModelFolderErrorCode, SafetensorsErrorPlace } from './errors';
export { float16ToFloat32, bfloat16ToFloat32, float32ToFloat16, float32ToBfloat16 } from './float-formats';
export { int64ToInt32, int64ToNumbers } from './int64';
export type { TensorInfo, TensorReader, Float32TensorData } from './tensor-reader';
export { MAX_HEADER_BYTES } from './header';
export { SafetensorsFile, openSafetensors } from './safetensors-file';
export { ShardedSafetensors, openShardedSafetensors, SHARD_INDEX_FILE } from './sharded';
export { openCheckpoint, SINGLE_WEIGHTS_FILE } from './checkpoint';
export { encodeSafetensors, planSafetensors } from './encode';
export type { EncodeOptions, TensorLike, TensorsInput, SafetensorsPlan, PlannedTensor } from './encode';
export { writeSafetensors } from './write';
export type { WriteSafetensorsOptions } from './write';
export type { AtomicWriteOptions } from './atomic-file';
export { readModelFolder, writeModelFolder, CONFIG_FILE } from './model-folder';
export type { ModelFolder, ModelFolderContent, WriteModelFolderOptions } from './model-folder';
