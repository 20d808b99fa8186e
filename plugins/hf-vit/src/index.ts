// Public API of @otfuse/hf-vit.
export { register } from './register';
export { VitArchitecture } from './architecture';
export * from './config';
export * from './names';
export { vitGraph } from './graph';
export { vitForward, vitStages } from './forward';
export { initVit } from './init';
export { vitParameterShapes, vitStoredName, checkVitParams } from './parameters';
export { parseSeqFilter, tokenIndices, keptTokens, VIT_CAPTURE_PARAMETERS } from './token-filters';
export type { SeqFilter } from './token-filters';
export { vitCaptureKeys, vitStageKeys } from './capture';
