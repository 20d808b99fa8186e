import { firstDifference } from '@otfuse/core';
import type { ResnetConfig } from './resnet/config';
import { VGG_POOL, VggConfig } from './vgg/config';

/**
 * Two ResNets fuse when only their channel counts (stem and stages) differ: the layer type,
 * stage depths, downsampling, input channels, labels and activation must agree.
 */
export function resnetIncompatibility(a: ResnetConfig, b: ResnetConfig): string | undefined {
  return firstDifference(a, b, [
    { what: 'layer type', key: 'layer_type', of: (c) => c.layerType },
    { what: 'stage depths', key: 'depths', of: (c) => c.depths },
    { what: 'first-stage downsampling', key: 'downsample_in_first_stage', of: (c) => c.downsampleInFirstStage },
    { what: 'bottleneck downsampling', key: 'downsample_in_bottleneck', of: (c) => c.downsampleInBottleneck },
    { what: 'channel count', key: 'num_channels', of: (c) => c.numChannels },
    { what: 'label count', key: 'num_labels', of: (c) => c.numLabels },
    { what: 'activation', key: 'hidden_act', of: (c) => c.hiddenAct },
  ]);
}

/** Convolutions (C) and max pools (M) in order: what must agree when the channel counts differ. */
const layerPattern = (config: VggConfig) => config.layers.map((layer) => (layer === VGG_POOL ? 'M' : 'C')).join(' ');

/**
 * Two VGGs fuse when only their channel counts and hidden linear widths differ: the sequence of
 * convolutions and pools, the image, BatchNorm, biases, the number of linear layers and the labels must agree.
 */
export function vggIncompatibility(a: VggConfig, b: VggConfig): string | undefined {
  return firstDifference(a, b, [
    { what: 'layer sequence (C: convolution, M: max pool)', key: 'layers', of: layerPattern },
    { what: 'linear depth', key: 'classifier_sizes.length', of: (c) => c.classifierSizes.length },
    { what: 'image size', key: 'image_size', of: (c) => c.imageSize },
    { what: 'channel count', key: 'num_channels', of: (c) => c.numChannels },
    { what: 'BatchNorm setting', key: 'batch_norm', of: (c) => c.batchNorm },
    { what: 'bias setting', key: 'bias', of: (c) => c.bias },
    { what: 'label count', key: 'num_labels', of: (c) => c.numLabels },
  ]);
}
