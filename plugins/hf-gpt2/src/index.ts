// Public API of @otfuse/hf-gpt2.
export { register } from './register';
export { HfGpt2Architecture } from './architecture';
export { HF_GPT2_MODEL_TYPE, normalizeHfGpt2Config, hfGpt2ConfigJson } from './config';
export type { HfGpt2Config } from './config';
export { hfGpt2Graph, HF_GPT2_PARAMS, HF_GPT2_HIDDEN, HF_GPT2_HEAD } from './graph';
export { hfGpt2Forward, hfGpt2Stages } from './forward';
export { initHfGpt2 } from './init';
