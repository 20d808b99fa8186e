// Public API of @otfuse/convnet.
export { register } from './register';
export { ResnetArchitecture } from './resnet/architecture';
export * from './resnet/config';
export * from './resnet/names';
export { resnetBlocks, resnetStem } from './resnet/layout';
export type { ConvLayerSpec, ResnetBlockSpec } from './resnet/layout';
export { resnetGraph } from './resnet/graph';
export { resnetForward, resnetStages } from './resnet/forward';
export { resnetCaptureKeys, resnetStageKeys } from './resnet/capture-keys';
export { resnetParameterShapes } from './resnet/parameters';
export { initResnet } from './resnet/init';
export { resetBatchNormStatistics } from './bn-reset';
export type { StagesInMode } from './bn-reset';
export { BATCH_NORM_EPS, BATCH_NORM_TENSORS, EVAL_MODE, batchNorm } from './layers/batch-norm';
export type { BatchNormMode, BatchStatistics } from './layers/batch-norm';
export { ACTIVATIONS } from './layers/activations';
export type { Activation } from './layers/activations';
