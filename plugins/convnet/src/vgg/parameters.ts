import { ParameterTable } from '@otfuse/core';
import { VggConfig } from './config';
import { vggConvolutions, vggFeatureSize, vggLinears } from './layout';

/**
 * Every tensor in `state_dict` order. The first linear layer reads the flattened feature map
 * and stores its weight as `[out, channels, size, size]`, like a convolution whose kernel covers
 * the map: a channel map then applies at every spatial position, as flattening requires.
 */
export function vggParameters(config: VggConfig): ParameterTable {
  const table = new ParameterTable();
  const convs = vggConvolutions(config);
  for (const conv of convs) {
    table.conv(conv.module, conv.outChannels, conv.inChannels, 3, config.bias);
    if (conv.batchNorm) table.batchNorm(conv.batchNorm, conv.outChannels);
  }
  const size = vggFeatureSize(config);
  vggLinears(config).forEach((linear, k) => table.linear(linear.module, linear.outFeatures, k === 0 ? [convs[convs.length - 1].outChannels, size, size] : linear.inFeatures));
  return table;
}

export const vggParameterShapes = (config: VggConfig) => vggParameters(config).shapes();
