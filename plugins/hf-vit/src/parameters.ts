import { ParameterTable, Params, checkParameters, storedName, storedTable } from '@otfuse/core';
import { VisionConfig, VitConfig, familyGrid } from './config';
import { VisionFamily } from './family';
import { VIT } from './families/vit';
import { headSpec, storedPrefix } from './heads';
import { layerKey } from './names';

/**
 * Every parameter of the model under the task models' module names (`vit.…`), in the order of
 * PyTorch's `named_parameters()` (the order HuggingFace writes `model.safetensors`): the shapes,
 * the initial draws and each stage's parameters derive from it.
 */
export function visionParameters(family: VisionFamily, config: VisionConfig): ParameterTable {
  const { hiddenSize: h, intermediateSize: m } = config;
  const { embeddings } = family;
  const head = headSpec(family, config);
  const table = new ParameterTable();
  for (const token of embeddings.tokens) table.embedding(token, [1, 1, h]);
  table.embedding(embeddings.position, [1, familyGrid(family, config).tokens, h]).conv(embeddings.projection, h, config.numChannels, config.patchSize, true);
  for (let i = 0; i < config.numLayers; i++) {
    for (const part of ['query', 'key', 'value'] as const) table.linear(layerKey(family, i, `attention.attention.${part}`), h, h, config.qkvBias);
    table
      .linear(layerKey(family, i, 'attention.output.dense'), h, h)
      .linear(layerKey(family, i, 'intermediate.dense'), m, h)
      .linear(layerKey(family, i, 'output.dense'), h, m)
      .layerNorm(layerKey(family, i, 'layernorm_before'), h)
      .layerNorm(layerKey(family, i, 'layernorm_after'), h);
  }
  table.layerNorm(family.finalNorm, h);
  if (head.pooler) table.linear(head.pooler.dense, config.poolerOutputSize, h);
  for (const layer of head.outputs) table.linear(layer.module, config.numLabels, h);
  return table;
}

/** How the checkpoint names a parameter: a base model is saved without the family's prefix (`vit.`). */
export const visionStoredName = (family: VisionFamily, config: VisionConfig) => storedName(storedPrefix(family, config));

/** The parameters under the checkpoint's names. */
export const visionStoredParameters = (family: VisionFamily, config: VisionConfig) => storedTable(visionParameters(family, config), visionStoredName(family, config));

export const visionParameterShapes = (family: VisionFamily, config: VisionConfig) => visionStoredParameters(family, config).shapes();

/** Throws BAD_WEIGHTS naming the first missing or mis-shaped parameter. */
export const checkVisionParams = (family: VisionFamily, config: VisionConfig, params: Params) => checkParameters(visionParameterShapes(family, config), params);

export const vitParameters = (config: VitConfig) => visionParameters(VIT, config);
export const vitStoredName = (config: VitConfig) => visionStoredName(VIT, config);
export const vitParameterShapes = (config: VitConfig) => visionParameterShapes(VIT, config);
export const checkVitParams = (config: VitConfig, params: Params) => checkVisionParams(VIT, config, params);
