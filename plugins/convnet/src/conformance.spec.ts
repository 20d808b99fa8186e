import { describeConformance } from '@otfuse/testing';
import { seededImages } from './__tests__/inputs';
import { register } from './register';
import { ResnetArchitecture } from './resnet/architecture';
import { ResnetConfig, normalizeResnetConfig } from './resnet/config';
import { VggArchitecture } from './vgg/architecture';
import { VggConfig, normalizeVggConfig } from './vgg/config';

/** Tiny ResNets on small RGB images, each with identity and projection shortcuts. */
const resnet = (json: Record<string, unknown>): ResnetConfig => normalizeResnetConfig({ model_type: 'resnet', num_channels: 3, num_labels: 3, ...json });
const images = (size: number) => (c: ResnetConfig, count: number, seed: number) => seededImages(count, c.numChannels, size, seed);

describeConformance('hf-resnet (basic layers)', {
  architecture: new ResnetArchitecture(),
  register,
  config: (variant) =>
    variant === 'anchor'
      ? resnet({ embedding_size: 8, hidden_sizes: [8, 12], depths: [1, 2], layer_type: 'basic' })
      : resnet({ embedding_size: 12, hidden_sizes: [12, 16], depths: [1, 2], layer_type: 'basic' }),
  inputs: images(16),
});

describeConformance('hf-resnet (bottleneck layers, downsampling in the first stage and in the 1×1 convolution)', {
  architecture: new ResnetArchitecture(),
  register,
  config: (variant) => {
    const widths = variant === 'anchor' ? { embedding_size: 8, hidden_sizes: [16, 24] } : { embedding_size: 12, hidden_sizes: [24, 32] };
    return resnet({ ...widths, depths: [1, 2], layer_type: 'bottleneck', downsample_in_first_stage: true, downsample_in_bottleneck: true });
  },
  // Four halvings: 32 pixels leave a 2×2 map in the last stage.
  inputs: images(32),
});

const vgg = (json: Record<string, unknown>): VggConfig =>
  normalizeVggConfig({ model_type: 'otfuse-vgg', num_channels: 1, image_size: 8, num_labels: 3, ...json });

describe.each([true, false])('otfuse-vgg, batch_norm %s', (batchNorm) => {
  describeConformance('otfuse-vgg', {
    architecture: new VggArchitecture(),
    register,
    config: (variant) =>
      variant === 'anchor'
        ? vgg({ layers: [8, 'M', 12, 12, 'M'], classifier_sizes: [16], batch_norm: batchNorm })
        : vgg({ layers: [12, 'M', 16, 20, 'M'], classifier_sizes: [24], batch_norm: batchNorm }),
    inputs: (c, count, seed) => seededImages(count, c.numChannels, c.imageSize, seed),
  });
});
