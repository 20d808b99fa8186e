// Public API of @otfuse/hf-bert.
export { register } from './register';
export { BERT_TOKENIZER_FILES, BertArchitecture } from './architecture';
export * from './config';
export * from './names';
export { BERT_HEADS } from './heads';
export type { BertHeadSpec, BertOutputLayer } from './heads';
export { bertGraph } from './graph';
export { bertForward, bertStages } from './forward';
export { initBert } from './init';
export { bertParameterShapes, bertStoredName, checkBertParams } from './parameters';
export { BERT_INPUT_ROWS, packBertInputs, readInputs } from './inputs';
export type { BertInputArrays, HostInputs } from './inputs';
export { TOKEN_FILTER_FORMS, keptRows, parseTokenFilter } from './token-filters';
export type { TokenFilter } from './token-filters';
export { BERT_CAPTURE_PARAMETERS, parseCaptureOptions } from './capture-options';
export type { BertCaptureOptions } from './capture-options';
export { bertCaptureKeys, bertStageKeys } from './capture';
