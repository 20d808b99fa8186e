// Public API of @otfuse/hf-llama.
export { register } from './register';
export { LLAMA_SIDE_FILES, LlamaArchitecture } from './architecture';
export { LLAMA_ARCHITECTURE, LLAMA_FAMILY, LLAMA_MODEL_TYPE, LLAMA_MODEL_TYPES, llamaConfigJson, normalizeLlamaConfig } from './config';
export type { LlamaConfig, LlamaModelType } from './config';
export { llamaGraph } from './graph';
export { llamaForward, llamaStages } from './forward';
export { LLAMA_CAPTURE_PARAMETERS } from './capture';
export { LLAMA_EMBED_TOKENS, LLAMA_LAYER, LLAMA_LAYER_PARTS, LLAMA_LM_HEAD, LLAMA_NORM, llamaCaptureKeys, llamaLayerKey } from './names';
export { initLlama, llamaParameterShapes } from './parameters';
export { ROPE_GQA_ATTENTION, SWIGLU_MLP, registerLlamaKinds } from './kinds';
export type { AttentionProjection, ProjectionNames, RopeAttentionNode, SwigluNode } from './kinds';
