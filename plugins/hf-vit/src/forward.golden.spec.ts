import * as tf from '@tensorflow/tfjs';
import { preprocessActivations } from '@otfuse/core';
import { expectClose, readGoldenTensors, useTestBackend } from '@otfuse/testing';
import { goldenPixels, goldenVitModelNames, loadGoldenVit } from './__tests__/golden-models';
import { vitForward } from './forward';
import { vitParameterShapes } from './parameters';

/** The key of a model folder's logits in `logits.safetensors`. */
const logitsKey = (folder: string) => (folder === 'fused-vanilla' ? 'vanilla' : folder.startsWith('fused-') ? `fused/${folder.slice('fused-'.length)}` : folder);

describe('ViT forward pass against HuggingFace (vit-tiny golden)', () => {
  let pixels: tf.Tensor4D;

  beforeAll(async () => {
    await useTestBackend();
    pixels = goldenPixels();
  });
  afterAll(() => pixels.dispose());

  it('gives every golden model folder its logits within 1e-4', () => {
    const golden = readGoldenTensors('vit-tiny', 'logits.safetensors');
    const folders = goldenVitModelNames();
    expect(folders).toHaveLength(16);
    for (const folder of folders) {
      const expected = golden.get(logitsKey(folder));
      if (!expected) throw new Error(`logits.safetensors has no '${logitsKey(folder)}' for models/${folder}`);
      const model = loadGoldenVit(folder);
      try {
        expect([...vitParameterShapes(model.config)]).toEqual(model.names.map((n) => [n, model.params[n].shape]));
        const { logits } = vitForward(model.config, model.params, pixels);
        expect(logits.shape).toEqual(expected.shape);
        expectClose(logits.dataSync(), expected.data, { atol: 1e-4, what: `logits of models/${folder}` });
        logits.dispose();
      } finally {
        tf.dispose(model.params);
      }
    }
  });

  it('captures module outputs equal to the reference forward hooks (parent0)', () => {
    const golden = readGoldenTensors('vit-tiny', 'acts-parent0.safetensors');
    const model = loadGoldenVit('parent0');
    const keys = [...golden.keys()];
    const { logits, activations } = vitForward(model.config, model.params, pixels, { keys });
    try {
      expect([...activations.keys()].sort()).toEqual([...keys].sort());
      for (const [key, expected] of golden) {
        const actual = activations.get(key) as tf.Tensor2D;
        const features = expected.shape[expected.shape.length - 1];
        expect(actual.shape).toEqual([expected.data.length / features, features]);
        expectClose(actual.dataSync(), expected.data, { rtol: 1e-5, what: key });
      }
    } finally {
      logits.dispose();
      tf.dispose([...activations.values()]);
      tf.dispose(model.params);
    }
  });

  it('filters window_6 and standardises exactly as the reference (case yaml, both models)', () => {
    const golden = readGoldenTensors('vit-tiny', 'acts-transformed-yaml.safetensors');
    // Golden names are the reference's nested paths: `model_<k>/<module>[.data]`.
    const moduleOf = (name: string) => name.slice(name.indexOf('/') + 1).replace(/\.data$/, '');
    for (const [modelIndex, folder] of [[0, 'parent0'], [1, 'parent1']] as const) {
      const names = [...golden.keys()].filter((n) => n.startsWith(`model_${modelIndex}/`) && moduleOf(n) !== 'classifier');
      expect(names).toHaveLength(4);
      const model = loadGoldenVit(folder);
      const { logits, activations } = vitForward(model.config, model.params, pixels, { keys: names.map(moduleOf), options: { seq_filter: 'window_6' } });
      try {
        for (const name of names) {
          const expected = golden.get(name)!;
          const standardised = preprocessActivations(activations.get(moduleOf(name))!, { std: true, center: false, norm: false });
          expect(standardised.shape).toEqual(expected.shape);
          expectClose(standardised.dataSync(), expected.data, { rtol: 1e-4, what: name });
          standardised.dispose();
        }
      } finally {
        logits.dispose();
        tf.dispose([...activations.values()]);
        tf.dispose(model.params);
      }
    }
  });

  it('reproduces the reference standardising the classifier output as one flattened column', () => {
    // The classifier's [samples, labels] output is not a sequence: the reference flattens it
    // to one value per (sample, label) and standardises that single column.
    const golden = readGoldenTensors('vit-tiny', 'acts-transformed-yaml.safetensors');
    const model = loadGoldenVit('parent0');
    const { logits, activations } = vitForward(model.config, model.params, pixels, { keys: ['classifier'], options: { seq_filter: 'window_6' } });
    const captured = activations.get('classifier')!;
    expect(captured.shape).toEqual([40, 10]);
    const column = captured.reshape([-1, 1]) as tf.Tensor2D;
    const standardised = preprocessActivations(column, { std: true, center: false, norm: false });
    expectClose(standardised.dataSync(), golden.get('model_0/classifier')!.data, { rtol: 1e-4, what: 'classifier' });
    tf.dispose([logits, captured, column, standardised]);
    tf.dispose(model.params);
  });
});
