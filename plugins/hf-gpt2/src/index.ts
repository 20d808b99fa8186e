// Public API of @otfuse/hf-gpt2.
export { register } from './register';
export { GPT2_SIDE_FILES, Gpt2Architecture, gpt2Incompatibility } from './architecture';
export * from './config';
export * from './names';
export { gpt2Graph, gpt2ViewName, gpt2BiasViewName } from './graph';
export { FLOAT32_MIN, gpt2Forward, gpt2Stages } from './forward';
export { checkGpt2Params, gpt2ParameterShapes, gpt2Parameters, initGpt2 } from './parameters';
export { readGpt2Inputs } from './inputs';
export { GPT2_CAPTURE_PARAMETERS, gpt2CaptureKeys, gpt2StageKeys, parseGpt2CaptureOptions } from './capture';
export type { Gpt2CaptureOptions } from './capture';
