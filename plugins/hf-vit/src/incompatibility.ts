import { firstDifference } from '@otfuse/core';
import type { VitConfig } from './config';

/**
 * Two ViTs fuse when only their widths (hidden size, MLP size, and with them each head's size)
 * differ: depth, heads, patching, image, channels, labels, activation and biases must agree.
 */
export function vitIncompatibility(a: VitConfig, b: VitConfig): string | undefined {
  return firstDifference(a, b, [
    { what: 'depth', key: 'num_hidden_layers', of: (c) => c.numLayers },
    { what: 'head count', key: 'num_attention_heads', of: (c) => c.numHeads },
    { what: 'patch size', key: 'patch_size', of: (c) => c.patchSize },
    { what: 'image size', key: 'image_size', of: (c) => c.imageSize },
    { what: 'channel count', key: 'num_channels', of: (c) => c.numChannels },
    { what: 'label count', key: 'num_labels', of: (c) => c.numLabels },
    { what: 'activation', key: 'hidden_act', of: (c) => c.hiddenAct },
    { what: 'attention bias setting', key: 'qkv_bias', of: (c) => c.qkvBias },
  ]);
}
