import { ParameterTable, Params, checkParameters } from '@otfuse/core';
import { VitConfig, patchGrid } from './config';
import { VIT_CLASSIFIER, VIT_CLS_TOKEN, VIT_FINAL_LAYERNORM, VIT_PATCH_PROJECTION, VIT_POSITION_EMBEDDINGS, vitLayerKey } from './names';

/**
 * Every parameter of the model, in the order of PyTorch's `named_parameters()` (the order
 * HuggingFace writes `model.safetensors`): the shapes, the initial draws and each stage's
 * parameters derive from it.
 */
export function vitParameters(config: VitConfig): ParameterTable {
  const { hiddenSize: h, intermediateSize: m } = config;
  const table = new ParameterTable()
    .embedding(VIT_CLS_TOKEN, [1, 1, h])
    .embedding(VIT_POSITION_EMBEDDINGS, [1, patchGrid(config).tokens, h])
    .conv(VIT_PATCH_PROJECTION, h, config.numChannels, config.patchSize, true);
  for (let i = 0; i < config.numLayers; i++) {
    for (const part of ['query', 'key', 'value'] as const) table.linear(vitLayerKey(i, `attention.attention.${part}`), h, h, config.qkvBias);
    table
      .linear(vitLayerKey(i, 'attention.output.dense'), h, h)
      .linear(vitLayerKey(i, 'intermediate.dense'), m, h)
      .linear(vitLayerKey(i, 'output.dense'), h, m)
      .layerNorm(vitLayerKey(i, 'layernorm_before'), h)
      .layerNorm(vitLayerKey(i, 'layernorm_after'), h);
  }
  return table.layerNorm(VIT_FINAL_LAYERNORM, h).linear(VIT_CLASSIFIER, config.numLabels, h);
}

export const vitParameterShapes = (config: VitConfig) => vitParameters(config).shapes();

/** Throws BAD_WEIGHTS naming the first missing or mis-shaped parameter. */
export const checkVitParams = (config: VitConfig, params: Params) => checkParameters(vitParameterShapes(config), params);
