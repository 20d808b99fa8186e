import * as tf from '@tensorflow/tfjs';
import { describeConformance, seededFloats } from '@otfuse/testing';
import { VisionArchitecture } from './architecture';
import { VisionConfig } from './config';
import { VisionFamily } from './family';
import { VISION_FAMILIES } from './families';
import { register } from './register';

/** A tiny config.json of the family: 12×12 RGB images in 4×4 patches (a 3×3 grid), two blocks of two heads. */
const tinyConfig = (family: VisionFamily, head: string, hidden: number, intermediate: number) => ({
  model_type: family.config.modelType,
  architectures: [family.heads[head].architecture],
  hidden_size: hidden,
  num_hidden_layers: 2,
  num_attention_heads: 2,
  intermediate_size: intermediate,
  image_size: 12,
  patch_size: 4,
  num_labels: 3,
  // A base model's output is its pooler's: as wide in every parent, whatever the hidden size.
  pooler_output_size: 12,
});

const inputs = (c: VisionConfig, count: number, seed: number) => {
  const random = seededFloats(seed);
  const size = c.numChannels * c.imageSize * c.imageSize;
  return tf.tensor4d(Float32Array.from({ length: count * size }, () => random() * 2 - 1), [count, c.numChannels, c.imageSize, c.imageSize]);
};

// Every family but ViT (conformance.spec.ts), every head, all tokens and a window: a wider model
// (hidden 24, MLP 40) fuses into a narrower anchor (16, 32). window_1 keeps the prepended tokens
// and the central patch, and in the last block the tokens the head reads. (only_cls leaves one
// row per image, too few to tell an MLP's neurons apart in a permuted copy: ViT's suite skips it too.)
const CASES = VISION_FAMILIES.filter((family) => family.id !== 'hf-vit').flatMap((family) =>
  Object.keys(family.heads).flatMap((head) => ['none', 'window_1'].map((filter) => [family.name, head, filter, family] as const)),
);

describe.each(CASES)('%s %s (%s)', (_, head, filter, family) => {
  const architecture = new VisionArchitecture(family);
  describeConformance(`${family.id} (${family.heads[head].architecture}, ${filter})`, {
    architecture,
    register,
    config: (variant) => architecture.normalizeConfig(variant === 'anchor' ? tinyConfig(family, head, 16, 32) : tinyConfig(family, head, 24, 40)),
    inputs,
    captureOptions: { seq_filter: filter },
  });
});
