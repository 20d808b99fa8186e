import { ParameterTable } from '@otfuse/core';
import { ResnetConfig } from './config';
import { ConvLayerSpec, resnetBlocks, resnetStem } from './layout';
import { RESNET_CLASSIFIER_LINEAR, convolutionOf, normalizationOf } from './names';

/**
 * Every tensor of the model, in `state_dict` order (BatchNorm buffers included: they are part
 * of the checkpoint and of the fusion).
 */
export function resnetParameters(config: ResnetConfig): ParameterTable {
  const table = new ParameterTable();
  const convLayer = (spec: ConvLayerSpec) => table.conv(convolutionOf(spec.module), spec.outChannels, spec.inChannels, spec.kernel).batchNorm(normalizationOf(spec.module), spec.outChannels);
  convLayer(resnetStem(config));
  for (const block of resnetBlocks(config)) {
    if (block.shortcut) convLayer(block.shortcut);
    block.layers.forEach(convLayer);
  }
  return table.linear(RESNET_CLASSIFIER_LINEAR, config.numLabels, config.hiddenSizes[config.hiddenSizes.length - 1]);
}

export const resnetParameterShapes = (config: ResnetConfig) => resnetParameters(config).shapes();
