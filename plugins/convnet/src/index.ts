// Public API of @otfuse/convnet.
export { register } from './register';
export { ConvnetArchitecture } from './architecture';
export { CONVNET_MODEL_TYPE, normalizeConvnetConfig, convnetConfigJson } from './config';
export type { ConvnetConfig } from './config';
export { convnetGraph, CONVNET_PARAMS, CONVNET_HIDDEN, CONVNET_HEAD } from './graph';
export { convnetForward, convnetStages } from './forward';
export { initConvnet } from './init';
