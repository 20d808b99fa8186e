import { firstDifference } from '@otfuse/core';
import type { ResnetConfig } from './resnet/config';
import { VGG_POOL, VggConfig } from './vgg/config';

/**
 * Two ResNets fuse when only their channel counts (stem and stages) differ: the layer type,
 * stage depths, downsampling, input channels, labels and activation must agree.
 */
export function resnetIncompatibility(a: ResnetConfig, b: ResnetConfig): string | undefined {
  return firstDifference([
    { what: 'layer type', key: 'layer_type', a: a.layerType, b: b.layerType },
    { what: 'stage depths', key: 'depths', a: a.depths, b: b.depths },
    { what: 'first-stage downsampling', key: 'downsample_in_first_stage', a: a.downsampleInFirstStage, b: b.downsampleInFirstStage },
    { what: 'bottleneck downsampling', key: 'downsample_in_bottleneck', a: a.downsampleInBottleneck, b: b.downsampleInBottleneck },
    { what: 'channel count', key: 'num_channels', a: a.numChannels, b: b.numChannels },
    { what: 'label count', key: 'num_labels', a: a.numLabels, b: b.numLabels },
    { what: 'activation', key: 'hidden_act', a: a.hiddenAct, b: b.hiddenAct },
  ]);
}

/** Convolutions (C) and max pools (M) in order: what must agree when the channel counts differ. */
const layerPattern = (config: VggConfig) => config.layers.map((layer) => (layer === VGG_POOL ? 'M' : 'C')).join(' ');

/**
 * Two VGGs fuse when only their channel counts and hidden linear widths differ: the sequence of
 * convolutions and pools, the image, BatchNorm, biases, the number of linear layers and the labels must agree.
 */
export function vggIncompatibility(a: VggConfig, b: VggConfig): string | undefined {
  return firstDifference([
    { what: 'layer sequence (C: convolution, M: max pool)', key: 'layers', a: layerPattern(a), b: layerPattern(b) },
    { what: 'linear depth', key: 'classifier_sizes.length', a: a.classifierSizes.length, b: b.classifierSizes.length },
    { what: 'image size', key: 'image_size', a: a.imageSize, b: b.imageSize },
    { what: 'channel count', key: 'num_channels', a: a.numChannels, b: b.numChannels },
    { what: 'BatchNorm setting', key: 'batch_norm', a: a.batchNorm, b: b.batchNorm },
    { what: 'bias setting', key: 'bias', a: a.bias, b: b.bias },
    { what: 'label count', key: 'num_labels', a: a.numLabels, b: b.numLabels },
  ]);
}
