// Public API of @otfuse/hf-bert.
export { register } from './register';
export { HfBertArchitecture } from './architecture';
export { HF_BERT_MODEL_TYPE, normalizeHfBertConfig, hfBertConfigJson } from './config';
export type { HfBertConfig } from './config';
export { hfBertGraph, HF_BERT_PARAMS, HF_BERT_HIDDEN, HF_BERT_HEAD } from './graph';
export { hfBertForward, hfBertStages } from './forward';
export { initHfBert } from './init';
