import { ShapeTable } from '../layers/parameters';
import { ResnetConfig } from './config';
import { ConvLayerSpec, resnetBlocks, resnetStem } from './layout';
import { RESNET_CLASSIFIER_LINEAR, convolutionOf, normalizationOf } from './names';

/**
 * Every tensor of the model with its shape, in `state_dict` order (BatchNorm buffers included:
 * they are part of the checkpoint and of the fusion).
 */
export function resnetParameterShapes(config: ResnetConfig): Map<string, number[]> {
  const table = new ShapeTable();
  const convLayer = (spec: ConvLayerSpec) => {
    table.conv(convolutionOf(spec.module), spec.outChannels, spec.inChannels, spec.kernel);
    table.batchNorm(normalizationOf(spec.module), spec.outChannels);
  };
  convLayer(resnetStem(config));
  for (const block of resnetBlocks(config)) {
    if (block.shortcut) convLayer(block.shortcut);
    block.layers.forEach(convLayer);
  }
  table.linear(RESNET_CLASSIFIER_LINEAR, config.numLabels, config.hiddenSizes[config.hiddenSizes.length - 1]);
  return table.shapes;
}
