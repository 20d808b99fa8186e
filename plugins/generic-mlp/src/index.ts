// Public API of @otfuse/generic-mlp.
export { register } from './register';
export { MlpArchitecture } from './architecture';
export { MLP_MODEL_TYPE, MLP_ACTIVATIONS, normalizeMlpConfig, mlpConfigJson, layerWidths } from './config';
export type { MlpConfig, MlpActivation } from './config';
export { mlpGraph, MLP_WEIGHT, MLP_BIAS, MLP_ACTIVATION } from './graph';
export { mlpForward, mlpStages } from './forward';
export { initMlp } from './init';
