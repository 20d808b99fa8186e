import { firstDifference } from '@otfuse/core';
import type { VisionConfig, VitConfig } from './config';
import { VisionFamily } from './family';
import { VIT } from './families/vit';

/**
 * Two models of a family fuse when only their widths (hidden size, MLP size, and with them each
 * head's size) differ: class, depth, heads, patching, image, channels, labels (a base model: its
 * pooled output size), activation and biases must agree.
 */
export function visionIncompatibility(family: VisionFamily, a: VisionConfig, b: VisionConfig): string | undefined {
  return firstDifference(a, b, [
    { what: 'depth', key: 'num_hidden_layers', of: (c) => c.numLayers },
    { what: 'head count', key: 'num_attention_heads', of: (c) => c.numHeads },
    { what: 'patch size', key: 'patch_size', of: (c) => c.patchSize },
    { what: 'image size', key: 'image_size', of: (c) => c.imageSize },
    { what: 'channel count', key: 'num_channels', of: (c) => c.numChannels },
    { what: 'class', key: 'architectures', of: (c) => family.heads[c.head].architecture },
    // A classifier's outputs are its labels; a base model's, its pooler's.
    family.heads[a.head].pooler
      ? { what: 'pooled output size', key: 'pooler_output_size', of: (c) => c.poolerOutputSize }
      : { what: 'label count', key: 'num_labels', of: (c) => c.numLabels },
    { what: 'activation', key: 'hidden_act', of: (c) => c.hiddenAct },
    { what: 'attention bias setting', key: 'qkv_bias', of: (c) => c.qkvBias },
  ]);
}

export const vitIncompatibility = (a: VitConfig, b: VitConfig): string | undefined => visionIncompatibility(VIT, a, b);
