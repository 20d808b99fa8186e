import * as tf from '@tensorflow/tfjs';
import { InMemoryWeights, fuseModels } from '@otfuse/core';
import { register as registerOt } from '@otfuse/ot';
import { seededFloats, useTestBackend } from '@otfuse/testing';
import { container as rootContainer, DependencyContainer } from 'tsyringe';
import { VitArchitecture } from './architecture';
import { VitConfig, normalizeVitConfig } from './config';
import { register } from './register';

const architecture = new VitArchitecture();

const config = (layers: number): VitConfig =>
  normalizeVitConfig({
    model_type: 'vit',
    architectures: ['ViTForImageClassification'],
    hidden_size: 32,
    num_hidden_layers: layers,
    num_attention_heads: 4,
    intermediate_size: 64,
    image_size: 16,
    patch_size: 4,
    num_channels: 3,
    num_labels: 5,
  });

describe('fusion memory', () => {
  let container: DependencyContainer;

  beforeAll(async () => {
    await useTestBackend();
    container = rootContainer.createChildContainer();
    registerOt(container);
    register(container);
  });

  /** Peak bytes of live tensors while fusing two seeded ViTs of `layers` blocks on 48 images. */
  const peakBytes = async (layers: number): Promise<number> => {
    const c = config(layers);
    const random = seededFloats(3);
    const samples = tf.tensor4d(Float32Array.from({ length: 48 * 3 * 16 * 16 }, () => random() * 2 - 1), [48, 3, 16, 16]);
    const models = [1, 2].map((seed) => ({ config: c, weights: new InMemoryWeights(architecture.init(c, seed)) }));
    try {
      const before = tf.memory().numTensors;
      const info = await tf.profile(() => {
        fuseModels({ container, architecture, models, options: { solver: 'sinkhorn' }, samples, batchSize: 16, captureOptions: { seq_filter: 'none' } });
      });
      expect(tf.memory().numTensors).toBe(before);
      return info.peakBytes;
    } finally {
      samples.dispose();
    }
  };

  it('does not grow with depth: twice the blocks, the same peak', async () => {
    const two = await peakBytes(2);
    const four = await peakBytes(4);
    // Capturing every block's activations at once would need about twice as much for four blocks.
    expect(four).toBeLessThan(two * 1.15);
    expect(four).toBeGreaterThan(two * 0.85);
  });
});
