// Public API of @otfuse/hf-llama.
export { register } from './register';
export { HfLlamaArchitecture } from './architecture';
export { HF_LLAMA_MODEL_TYPE, normalizeHfLlamaConfig, hfLlamaConfigJson } from './config';
export type { HfLlamaConfig } from './config';
export { hfLlamaGraph, HF_LLAMA_PARAMS, HF_LLAMA_HIDDEN, HF_LLAMA_HEAD } from './graph';
export { hfLlamaForward, hfLlamaStages } from './forward';
export { initHfLlama } from './init';
