import { ShapeTable } from '../layers/parameters';
import { VggConfig } from './config';
import { VGG_FIRST_LINEAR, vggConvolutions, vggFeatureSize, vggLinears } from './layout';

/**
 * Every tensor in `state_dict` order. The first linear layer reads the flattened feature map
 * and stores its weight as `[out, channels, size, size]`, like a convolution whose kernel covers
 * the map: a channel map then applies at every spatial position, as flattening requires.
 */
export function vggParameterShapes(config: VggConfig): Map<string, number[]> {
  const table = new ShapeTable();
  for (const conv of vggConvolutions(config)) {
    table.conv(conv.module, conv.outChannels, conv.inChannels, 3);
    if (config.bias) table.shapes.set(`${conv.module}.bias`, [conv.outChannels]);
    if (conv.batchNorm) table.batchNorm(conv.batchNorm, conv.outChannels);
  }
  const convs = vggConvolutions(config);
  const channels = convs[convs.length - 1].outChannels;
  const size = vggFeatureSize(config);
  for (const linear of vggLinears(config)) {
    table.linear(linear.module, linear.outFeatures, linear.inFeatures);
    if (linear.module === VGG_FIRST_LINEAR) table.shapes.set(`${linear.module}.weight`, [linear.outFeatures, channels, size, size]);
  }
  return table.shapes;
}
