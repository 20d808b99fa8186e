import * as tf from '@tensorflow/tfjs';
import { fuseModels, loadAll } from '@otfuse/core';
import { register as registerOt } from '@otfuse/ot';
import { expectAnchorBack, expectAnchorOutputs, expectClose, largestWeightDifference, useTestBackend } from '@otfuse/testing';
import { container as rootContainer } from 'tsyringe';
import { loadVitModelFixture, vitModelOutputs, vitModelPixels } from './__tests__/vitmodel-fixture';
import { VitArchitecture } from './architecture';
import { normalizeVitConfig, vitConfigJson } from './config';
import { vitForward } from './forward';
import { VIT_EMBEDDINGS, VIT_MODEL, vitLayerKey } from './names';
import { vitParameterShapes } from './parameters';
import { register } from './register';

// A ViTModel (pooler_output_size 12, hidden 16) written by transformers 5.18, and a copy with its
// residual stream, heads, head dimensions and MLP neurons permuted in PyTorch
// (`__fixtures__/vitmodel/make-fixtures.py`).
describe('ViTModel against transformers 5.18', () => {
  let pixels: tf.Tensor4D;
  beforeAll(async () => {
    await useTestBackend();
    pixels = vitModelPixels();
  });
  afterAll(() => pixels.dispose());

  it('reads config.json, names every stored tensor (no vit. prefix) with its shape, and writes the class back', () => {
    const model = loadVitModelFixture();
    expect(model.config).toMatchObject({ head: 'base', hiddenSize: 16, poolerOutputSize: 12, poolerAct: 'tanh' });
    const stored = model.weights.names().map((n) => [n, model.weights.shape(n)]);
    expect([...vitParameterShapes(model.config)].sort()).toEqual(stored.sort());
    const written = vitConfigJson(model.config);
    expect(written).toMatchObject({ architectures: ['ViTModel'], pooler_output_size: 12, pooler_act: 'tanh' });
    expect(normalizeVitConfig(written)).toEqual(model.config);
    expect(new VitArchitecture().task(model.config)).toBe('features');
  });

  it('gives pooler_output, last_hidden_state and every hidden state within 1e-5', () => {
    const model = loadVitModelFixture();
    const expected = vitModelOutputs();
    const hidden = [VIT_EMBEDDINGS, vitLayerKey(0), vitLayerKey(1)];
    const params = loadAll(model.weights);
    const { logits, activations } = vitForward(model.config, params, pixels, { keys: [...hidden, VIT_MODEL], options: { seq_filter: 'none' } });
    try {
      expect(logits.shape).toEqual([8, 12]);
      expectClose(logits.dataSync(), expected('pooler_output').data, { atol: 1e-5, what: 'pooler_output' });
      expectClose(activations.get(VIT_MODEL)!.dataSync(), expected('last_hidden_state').data, { atol: 1e-5, what: 'last_hidden_state' });
      hidden.forEach((key, i) => expectClose(activations.get(key)!.dataSync(), expected(`hidden_states.${i}`).data, { atol: 1e-5, what: key }));
    } finally {
      tf.dispose([logits, ...activations.values(), ...Object.values(params)]);
    }
  });

  it('fused with its permuted copy (model 0, EMD on activations) comes back within 1e-5, with its pooled output', () => {
    const container = rootContainer.createChildContainer();
    registerOt(container);
    register(container);
    const anchor = loadVitModelFixture();
    const permuted = loadVitModelFixture(true);
    expect(largestWeightDifference(anchor.weights, permuted.weights)).toBeGreaterThan(0.05);
    const architecture = new VitArchitecture();
    const { weights } = fuseModels({ container, architecture, models: [permuted, anchor], options: { mode: 'acts', solver: 'emd' }, samples: pixels, batchSize: 4, captureOptions: { seq_filter: 'none' } });
    expectAnchorBack(weights, anchor.weights, 1e-5);
    expectAnchorOutputs(architecture, anchor.config, weights, anchor.weights, pixels, 1e-5);
  });
});
