import { firstDifference } from '@otfuse/core';
import type { VitConfig } from './config';

/**
 * Two ViTs fuse when only their widths (hidden size, MLP size, and with them each head's size)
 * differ: depth, heads, patching, image, channels, labels, activation and biases must agree.
 */
export function vitIncompatibility(a: VitConfig, b: VitConfig): string | undefined {
  return firstDifference([
    { what: 'depth', key: 'num_hidden_layers', a: a.numLayers, b: b.numLayers },
    { what: 'head count', key: 'num_attention_heads', a: a.numHeads, b: b.numHeads },
    { what: 'patch size', key: 'patch_size', a: a.patchSize, b: b.patchSize },
    { what: 'image size', key: 'image_size', a: a.imageSize, b: b.imageSize },
    { what: 'channel count', key: 'num_channels', a: a.numChannels, b: b.numChannels },
    { what: 'label count', key: 'num_labels', a: a.numLabels, b: b.numLabels },
    { what: 'activation', key: 'hidden_act', a: a.hiddenAct, b: b.hiddenAct },
    { what: 'attention bias setting', key: 'qkv_bias', a: a.qkvBias, b: b.qkvBias },
  ]);
}
