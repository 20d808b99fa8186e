import * as tf from '@tensorflow/tfjs';
import { describeConformance, seededFloats } from '@otfuse/testing';
import { VitArchitecture } from './architecture';
import { VitConfig, normalizeVitConfig } from './config';
import { register } from './register';

/** Tiny ViTs: 8×8 RGB images in 4×4 patches (a 2×2 grid), two blocks of two heads. */
const config = (hidden: number, intermediate: number, seqFilterFriendly = true, architecture = 'ViTForImageClassification'): VitConfig =>
  normalizeVitConfig({
    model_type: 'vit',
    architectures: [architecture],
    hidden_size: hidden,
    num_hidden_layers: 2,
    num_attention_heads: 2,
    intermediate_size: intermediate,
    image_size: seqFilterFriendly ? 8 : 12,
    patch_size: 4,
    num_channels: 3,
    num_labels: 3,
    // A ViTModel's output is its pooler's: as wide in every parent, whatever the hidden size.
    pooler_output_size: 12,
  });

const inputs = (c: VitConfig, count: number, seed: number) => {
  const random = seededFloats(seed);
  const size = c.numChannels * c.imageSize * c.imageSize;
  return tf.tensor4d(Float32Array.from({ length: count * size }, () => random() * 2 - 1), [count, c.numChannels, c.imageSize, c.imageSize]);
};

describeConformance('hf-vit (all tokens)', {
  architecture: new VitArchitecture(),
  register,
  config: (variant) => (variant === 'anchor' ? config(16, 32) : config(24, 40)),
  inputs,
  captureOptions: { seq_filter: 'none' },
});

describeConformance('hf-vit (window_1 on a 3×3 grid, CLS only in the last block)', {
  architecture: new VitArchitecture(),
  register,
  config: (variant) => (variant === 'anchor' ? config(16, 32, false) : config(24, 40, false)),
  inputs,
  captureOptions: { seq_filter: 'window_1' },
});

describeConformance('hf-vit (ViTModel: the pooled output, all tokens)', {
  architecture: new VitArchitecture(),
  register,
  config: (variant) => (variant === 'anchor' ? config(16, 32, true, 'ViTModel') : config(24, 40, true, 'ViTModel')),
  inputs,
  captureOptions: { seq_filter: 'none' },
});
