import * as tf from '@tensorflow/tfjs';
import { InMemoryWeights, loadAll } from '@otfuse/core';
import { expectClose, useTestBackend } from '@otfuse/testing';
import { RESNET_VARIANTS, goldenResnetOutputs, goldenResnetPixels, loadGoldenResnet } from './__tests__/golden-resnet';
import { ResnetArchitecture } from './resnet/architecture';
import { resnetForward } from './resnet/forward';

const architecture = new ResnetArchitecture();

describe.each(RESNET_VARIANTS)('BatchNorm statistics reset against PyTorch (resnet-tiny/%s)', (variant) => {
  let pixels: tf.Tensor4D;

  beforeAll(async () => {
    await useTestBackend();
    pixels = goldenResnetPixels();
  });
  afterAll(() => pixels.dispose());

  it('recomputes every running mean and unbiased variance in one pass, and the eval logits with them, within 1e-5', () => {
    const model = loadGoldenResnet(variant);
    const golden = goldenResnetOutputs(variant);
    const before = tf.memory().numTensors;
    const reset = architecture.resetNormStatistics(model.config, model.weights, pixels);
    expect(tf.memory().numTensors).toBe(before);
    expect([...reset.keys()]).toEqual(model.weights.names());
    const statistics = [...golden.keys()].filter((k) => k.startsWith('bn_reset.') && k !== 'bn_reset.logits');
    expect(statistics).toHaveLength(2 * model.weights.names().filter((n) => n.endsWith('.running_mean')).length);
    for (const key of statistics) {
      const name = key.slice('bn_reset.'.length);
      expectClose(reset.get(name)!.data, golden.get(key)!.data, { atol: 1e-5, what: name });
    }
    for (const name of model.weights.names()) {
      if (name.endsWith('.num_batches_tracked')) expect(Array.from(reset.get(name)!.data)).toEqual([1]);
      else if (!/\.running_(mean|var)$/.test(name)) expect(reset.get(name)!.data).toEqual(model.weights.host(name).data);
    }
    const params = loadAll(new InMemoryWeights(reset));
    const { logits } = resnetForward(model.config, params, pixels);
    expectClose(logits.dataSync(), golden.get('bn_reset.logits')!.data, { atol: 1e-5, what: `${variant} logits after the reset` });
    tf.dispose([logits, ...Object.values(params)]);
  });
});
