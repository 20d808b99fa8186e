import * as tf from '@tensorflow/tfjs';
import { loadAll } from '@otfuse/core';
import { expectClose, useTestBackend } from '@otfuse/testing';
import { RESNET_VARIANTS, goldenResnetOutputs, goldenResnetPixels, goldenResnetTensors, loadGoldenResnet, rowsToNchw } from '../__tests__/golden-resnet';
import { resnetForward } from './forward';
import { RESNET_EMBEDDER, resnetStage } from './names';
import { resnetParameterShapes } from './parameters';

describe.each(RESNET_VARIANTS)('ResNet forward pass against HuggingFace (resnet-tiny/%s)', (variant) => {
  let pixels: tf.Tensor4D;

  beforeAll(async () => {
    await useTestBackend();
    pixels = goldenResnetPixels();
  });
  afterAll(() => pixels.dispose());

  it("names every tensor as transformers does, in state_dict order, the batch counters I64 of shape []", () => {
    const model = loadGoldenResnet(variant);
    expect([...resnetParameterShapes(model.config)]).toEqual(goldenResnetTensors(variant));
    expect(model.weights.names().sort()).toEqual([...resnetParameterShapes(model.config).keys()].sort());
    const counters = model.weights.names().filter((n) => n.endsWith('.num_batches_tracked'));
    expect(counters.length).toBeGreaterThan(0);
    for (const name of counters) {
      expect(model.dtypes.get(name)).toBe('I64');
      expect(model.weights.shape(name)).toEqual([]);
    }
  });

  it('gives the logits and every stage output within 1e-5 (eval mode, running statistics)', () => {
    const model = loadGoldenResnet(variant);
    const golden = goldenResnetOutputs(variant);
    const stages = model.config.depths.map((_, i) => resnetStage(i));
    const params = loadAll(model.weights);
    const { logits, activations } = resnetForward(model.config, params, pixels, { keys: [RESNET_EMBEDDER, ...stages] });
    try {
      const expected = golden.get('logits')!;
      expect(logits.shape).toEqual(expected.shape);
      expectClose(logits.dataSync(), expected.data, { atol: 1e-5, what: `${variant} logits` });
      [RESNET_EMBEDDER, ...stages].forEach((key, i) => {
        const hidden = golden.get(`hidden_states.${i}`)!;
        expectClose(rowsToNchw(activations.get(key)!, hidden.shape), hidden.data, { atol: 1e-5, what: `${variant} hidden_states.${i} (${key})` });
      });
    } finally {
      logits.dispose();
      tf.dispose([...activations.values()]);
      tf.dispose(params);
    }
  });
});
