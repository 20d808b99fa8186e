// Public API of @otfuse/hf-vit.
export { register } from './register';
export { VisionArchitecture, VitArchitecture } from './architecture';
export * from './family';
export { DEIT, VISION_FAMILIES, VIT } from './families';
export * from './config';
export * from './names';
export { headSpec } from './heads';
export { visionGraph, vitGraph } from './graph';
export { visionForward, visionStages, vitForward, vitStages } from './forward';
export { initVision, initVit } from './init';
export { checkVitParams, visionParameterShapes, vitParameterShapes, vitStoredName } from './parameters';
export { parseSeqFilter, tokenIndices, keptTokens, visionKeptTokens, VIT_CAPTURE_PARAMETERS } from './token-filters';
export type { SeqFilter } from './token-filters';
export { visionCaptureKeys, vitCaptureKeys, vitStageKeys } from './capture';
