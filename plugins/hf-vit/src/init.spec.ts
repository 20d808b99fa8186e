import { readGoldenJson } from '@otfuse/testing';
import { normalizeVitConfig } from './config';
import { initVit } from './init';

const config = normalizeVitConfig(readGoldenJson<Record<string, unknown>>('vit-tiny', 'models', 'parent0', 'config.json'));
const goldenTensors = readGoldenJson<{ files: Record<string, { tensors: Record<string, { shape: number[] }> }> }>('vit-tiny', 'cases.json').files['parent0.safetensors'].tensors;

/** The sample standard deviation is within 5% of `expected` (over 3 standard errors at 2,000 values). */
const expectStd = (data: Float32Array, expected: number) => {
  const mean = data.reduce((a, b) => a + b, 0) / data.length;
  const std = Math.sqrt(data.reduce((a, b) => a + (b - mean) ** 2, 0) / (data.length - 1));
  expect(Math.abs(std / expected - 1)).toBeLessThan(0.05);
};

describe('initVit', () => {
  it('makes every parameter of a HuggingFace model, named and shaped as HuggingFace stores them', () => {
    const params = initVit(config, 1);
    expect(Object.entries(params).map(([n, t]) => [n, t.shape])).toEqual(Object.entries(goldenTensors).map(([n, t]) => [n, t.shape]));
  });

  it('draws like HuggingFace: weights N(0, 0.02²), biases 0, LayerNorm weights 1', () => {
    const params = initVit(config, 1);
    for (const [name, { data }] of Object.entries(params)) {
      if (/layernorm(_before|_after)?\.weight$/.test(name)) expect(data.every((v) => v === 1)).toBe(true);
      else if (name.endsWith('.bias')) expect(data.every((v) => v === 0)).toBe(true);
      else if (data.length >= 2000) expectStd(data, 0.02);
    }
    expectStd(params['vit.embeddings.position_embeddings'].data, 0.02);
  });

  it('is deterministic in the seed', () => {
    const a = initVit(config, 5);
    const b = initVit(config, 5);
    const c = initVit(config, 6);
    const name = 'vit.encoder.layer.3.attention.attention.query.weight';
    expect(a[name].data).toEqual(b[name].data);
    expect(a[name].data).not.toEqual(c[name].data);
  });

  it('follows initializer_range and leaves out absent query/key/value biases', () => {
    const narrow = initVit({ ...config, initializerRange: 0.002, qkvBias: false }, 1);
    expectStd(narrow['vit.encoder.layer.0.intermediate.dense.weight'].data, 0.002);
    expect(Object.keys(narrow).filter((n) => /attention\.attention\.\w+\.bias$/.test(n))).toEqual([]);
  });
});
