import { ParameterTable, Params, checkParameters, storedName, storedTable } from '@otfuse/core';
import { VitConfig, patchGrid } from './config';
import { VIT_CLASSIFIER, VIT_CLS_TOKEN, VIT_FINAL_LAYERNORM, VIT_PATCH_PROJECTION, VIT_POOLER_DENSE, VIT_POSITION_EMBEDDINGS, vitLayerKey } from './names';

/**
 * Every parameter of the model under the classifier's module names (`vit.…`), in the order of
 * PyTorch's `named_parameters()` (the order HuggingFace writes `model.safetensors`): the shapes,
 * the initial draws and each stage's parameters derive from it.
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
  table.layerNorm(VIT_FINAL_LAYERNORM, h);
  return config.head === 'base' ? table.linear(VIT_POOLER_DENSE, config.poolerOutputSize, h) : table.linear(VIT_CLASSIFIER, config.numLabels, h);
}

/** How the checkpoint names a parameter: a `ViTModel` is saved without the `vit.` prefix. */
export const vitStoredName = (config: VitConfig) => storedName(config.head === 'base' ? 'vit.' : undefined);

/** The parameters under the checkpoint's names. */
export const vitStoredParameters = (config: VitConfig) => storedTable(vitParameters(config), vitStoredName(config));

export const vitParameterShapes = (config: VitConfig) => vitStoredParameters(config).shapes();

/** Throws BAD_WEIGHTS naming the first missing or mis-shaped parameter. */
export const checkVitParams = (config: VitConfig, params: Params) => checkParameters(vitParameterShapes(config), params);
