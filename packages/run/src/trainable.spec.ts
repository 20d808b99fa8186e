import * as tf from '@tensorflow/tfjs';
import { ResnetArchitecture, ResnetConfig, normalizeResnetConfig } from '@otfuse/convnet';
import { InMemoryWeights } from '@otfuse/core';
import { ArrayDataset } from '@otfuse/data';
import { useTestBackend } from '@otfuse/testing';
import { evaluate, train } from '@otfuse/train';
import { modelTask } from './models/model-task';
import { trainable } from './trainable';

describe('trainable convnets: BatchNorm in training mode', () => {
  const architecture = new ResnetArchitecture();
  const config: ResnetConfig = normalizeResnetConfig({
    model_type: 'resnet',
    num_channels: 1,
    embedding_size: 4,
    hidden_sizes: [4, 6],
    depths: [1, 1],
    layer_type: 'basic',
    num_labels: 3,
  });
  let data: ArrayDataset;

  beforeAll(async () => {
    await useTestBackend();
    const count = 6;
    const x = Float32Array.from({ length: count * 16 * 16 }, (_, i) => Math.sin(0.37 * i) + 0.3 * Math.cos(0.011 * i * i));
    data = new ArrayDataset({ name: 'waves', split: 'train', inputShape: [1, 16, 16], numClasses: 3, x, y: Int32Array.of(0, 1, 2, 0, 1, 2) });
  });

  it('keeps buffers out of the trained variables, moves them by momentum 0.1 towards the batch statistics, and evaluates with them', async () => {
    const initial = new Map(Object.entries(architecture.init(config, 3)));
    const model = trainable(architecture, config, initial);
    const buffers = architecture.buffers(config);
    expect(buffers).toHaveLength(3 * 6); // six BatchNorms: stem, two per basic layer, one projection shortcut
    for (const [name, variable] of Object.entries(model.params)) expect(variable.trainable).toBe(!buffers.includes(name));

    // One step over the whole set: the batch statistics are those of a reset on the initial weights.
    const pixels = tf.tensor(data.get([0, 1, 2, 3, 4, 5]).x, [6, 1, 16, 16]);
    const reset = architecture.resetNormStatistics(config, new InMemoryWeights(initial), pixels);
    const before = tf.memory().numTensors;
    await train(model, data, { task: modelTask(architecture, config), steps: 1, batchSize: 6, lr: 0.05, optimizer: 'sgd', seed: 0, weightDecay: 0.1 });
    expect(tf.memory().numTensors).toBe(before);
    const after = model.snapshot();
    for (const name of buffers) {
      const start = initial.get(name)!.data;
      const batch = reset.get(name)!.data;
      const expected = name.endsWith('num_batches_tracked') ? [1] : Array.from(batch, (b, i) => 0.9 * start[i] + 0.1 * b);
      Array.from(after.get(name)!.data).forEach((value, i) => expect(value).toBeCloseTo(expected[i], 5));
    }
    const changed = Object.keys(model.params).filter((n) => !buffers.includes(n) && after.get(n)!.data.some((v, i) => v !== initial.get(n)!.data[i]));
    expect(changed).toHaveLength(Object.keys(model.params).length - buffers.length);

    // Evaluation runs the eval forward pass, with the running statistics training left behind.
    const { loss } = await evaluate(model, data, { task: modelTask(architecture, config) });
    const { logits } = architecture.forward(config, model.params, pixels);
    const expectedLoss = tf.tidy(() => tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32'), 3), logits).dataSync()[0]);
    expect(loss).toBeCloseTo(expectedLoss, 5);
    tf.dispose([logits, pixels]);
    model.dispose();
  });
});
