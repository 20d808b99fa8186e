import * as tf from '@tensorflow/tfjs';
import { seededFloats, useTestBackend } from '@otfuse/testing';
import { vitCaptureKeys } from './capture';
import { VitConfig, normalizeVitConfig, patchGrid } from './config';
import { vitForward } from './forward';
import { initVit } from './init';
import { vitLayerKey } from './names';
import { tokenIndices } from './token-filters';

/** 28x28 images in 4x4 patches: a 7x7 grid, 50 tokens. */
const config: VitConfig = normalizeVitConfig({
  model_type: 'vit', hidden_size: 8, num_attention_heads: 2, intermediate_size: 16, num_hidden_layers: 3,
  image_size: 28, patch_size: 4, num_channels: 3, num_labels: 5, initializer_range: 0.5,
});

const toTensors = (c: VitConfig, seed: number) => Object.fromEntries(Object.entries(initVit(c, seed)).map(([n, t]) => [n, tf.tensor(t.data, t.shape)]));
const pixels = (c: VitConfig, count: number, seed: number) => {
  const random = seededFloats(seed);
  return tf.tensor4d(Float32Array.from({ length: count * c.numChannels * c.imageSize ** 2 }, () => random() * 2 - 1), [count, c.numChannels, c.imageSize, c.imageSize]);
};

describe('ViT forward pass', () => {
  let params: Record<string, tf.Tensor>;
  let inputs: tf.Tensor4D;

  beforeAll(async () => {
    await useTestBackend();
    params = toTensors(config, 7);
    inputs = pixels(config, 5, 11);
  });
  afterAll(() => {
    tf.dispose(params);
    inputs.dispose();
  });

  it('captures every module as [rows, features], sequences filtered by the window', () => {
    const { tokens } = patchGrid(config);
    const kept = tokenIndices({ kind: 'window', size: 3 }, patchGrid(config));
    const last = config.numLayers - 1;
    const { logits, activations } = vitForward(config, params, inputs, { keys: vitCaptureKeys(config), options: { seq_filter: 'window_3' } });
    try {
      expect(logits.shape).toEqual([5, 5]);
      expect(activations.get('vit.embeddings.patch_embeddings')!.shape).toEqual([5 * (tokens - 1), 8]);
      expect(activations.get('vit.embeddings')!.shape).toEqual([5 * kept.length, 8]);
      expect(activations.get(vitLayerKey(0, 'intermediate.dense'))!.shape).toEqual([5 * kept.length, 16]);
      expect(activations.get(vitLayerKey(last, 'attention.attention.value'))!.shape).toEqual([5 * kept.length, 8]);
      expect(activations.get(vitLayerKey(last, 'intermediate.dense'))!.shape).toEqual([5, 16]);
      expect(activations.get(vitLayerKey(last, 'output.dense'))!.shape).toEqual([5, 8]);
      expect(activations.get(vitLayerKey(last, 'attention.output.dense'))!.shape).toEqual([5, 8]);
      expect(activations.get('classifier')!.shape).toEqual([5, 5]);
      expect(activations.get('classifier')!.arraySync()).toEqual(logits.arraySync());
    } finally {
      logits.dispose();
      tf.dispose([...activations.values()]);
    }
  });

  it('orders filtered rows sample by sample, each sample\'s kept tokens in sequence order', () => {
    const key = vitLayerKey(1, 'attention.attention.query');
    const all = vitForward(config, params, inputs, { keys: [key] });
    const windowed = vitForward(config, params, inputs, { keys: [key], options: { seq_filter: 'window_3' } });
    const { tokens } = patchGrid(config);
    const kept = tokenIndices({ kind: 'window', size: 3 }, patchGrid(config));
    const full = all.activations.get(key)!.arraySync();
    const expected = [0, 1, 2, 3, 4].flatMap((sample) => kept.map((t) => full[sample * tokens + t]));
    expect(windowed.activations.get(key)!.arraySync()).toEqual(expected);
    tf.dispose([all.logits, windowed.logits, ...all.activations.values(), ...windowed.activations.values()]);
  });

  it('gives the same rows whether samples come in one batch or several', () => {
    const keys = [vitLayerKey(2, 'output.dense'), vitLayerKey(2, 'attention.attention.key')];
    const capture = { keys, options: { seq_filter: 'window_3' } };
    const whole = vitForward(config, params, inputs, capture);
    const [first, second] = tf.split(inputs, [2, 3]);
    const parts = [first, second].map((batch) => vitForward(config, params, batch, capture));
    for (const key of keys) {
      const joined = tf.concat(parts.map((p) => p.activations.get(key)!));
      const diff = tf.max(tf.abs(tf.sub(joined, whole.activations.get(key)!))).dataSync()[0];
      expect(diff).toBeLessThan(1e-5);
      tf.dispose(joined);
    }
    tf.dispose([first, second, whole.logits, ...whole.activations.values(), ...parts.flatMap((p) => [p.logits, ...p.activations.values()])]);
  });

  it('is differentiable in every parameter held as tf.Variables', () => {
    const variables = Object.fromEntries(Object.entries(params).map(([n, t]) => [n, tf.variable(t, true, `vit-test/${n}`)]));
    const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4], 'int32'), config.numLabels);
    const { value, grads } = tf.variableGrads(() => {
      const { logits } = vitForward(config, variables, inputs);
      return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
    });
    expect(Number.isFinite(value.dataSync()[0])).toBe(true);
    for (const [name, variable] of Object.entries(variables)) {
      const grad = grads[variable.name];
      expect(grad.shape).toEqual(variable.shape);
      const values = grad.dataSync();
      expect(values.every(Number.isFinite)).toBe(true);
      // The softmax cannot see a bias added to every key of a query's row: its gradient is 0.
      if (!name.endsWith('attention.attention.key.bias')) expect(Math.max(...values.map(Math.abs))).toBeGreaterThan(0);
    }
    tf.dispose([value, labels, ...Object.values(grads), ...Object.values(variables)]);
  });

  it('leaks no tensor, also when a capture fails halfway', () => {
    const before = tf.memory().numTensors;
    const result = vitForward(config, params, inputs, { keys: vitCaptureKeys(config), options: { seq_filter: 'window_5' } });
    tf.dispose([result.logits, ...result.activations.values()]);
    expect(() => vitForward(config, params, inputs, { keys: ['vit.embeddings.patch_embeddings', 'vit.embeddings'], options: { seq_filter: 'window_8' } })).toThrow(
      "seq_filter: window_8 needs a patch grid of at least 8x8; the model's is 7x7",
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects wrong inputs, parameters and capture keys with what was expected', () => {
    const wrong = tf.zeros([2, 3, 32, 32]);
    expect(() => vitForward(config, params, wrong)).toThrow('pixel values: expected [batch, 3, 28, 28] (NCHW), got [2, 3, 32, 32]');
    const { ['classifier.bias']: _dropped, ...missing } = params;
    expect(() => vitForward(config, missing, inputs)).toThrow("missing parameter 'classifier.bias' (expected shape [5])");
    expect(() => vitForward({ ...config, hiddenSize: 12 }, params, inputs)).toThrow("parameter 'vit.embeddings.cls_token': expected shape [1, 1, 12], got [1, 1, 8]");
    expect(() => vitForward(config, params, inputs, { keys: ['vit.encoder.layer.3'] })).toThrow("cannot capture 'vit.encoder.layer.3': not a module of this ViT");
    expect(() => vitForward(config, params, inputs, { keys: [], options: { seq_filter: 'window' } })).toThrow('seq_filter: expected');
    wrong.dispose();
  });
});
