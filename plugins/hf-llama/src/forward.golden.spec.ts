import * as tf from '@tensorflow/tfjs';
import { loadAll } from '@otfuse/core';
import { expectClose, readGoldenTensors, useTestBackend } from '@otfuse/testing';
import { clmInputs, goldenOutput, loadGoldenLlama } from './__tests__/golden-models';
import { llamaForward } from './forward';
import { LLAMA_EMBED_TOKENS, LLAMA_NORM, llamaLayerKey } from './names';
import { llamaParameterShapes } from './parameters';

// decoder-tiny/llama: LlamaForCausalLM from transformers 5.18 (hidden 64, 4 query heads over 2 KV
// heads of 16, 2 layers, MLP 128, vocab 96, RoPE θ 10000, untied lm_head), random biases and gains.
describe('Llama forward pass against transformers (decoder-tiny/llama)', () => {
  let inputs: tf.Tensor3D;
  beforeAll(async () => {
    await useTestBackend();
    inputs = clmInputs();
  });
  afterAll(() => inputs.dispose());

  it('names every stored tensor with its shape', () => {
    const { config, weights } = loadGoldenLlama('llama');
    expect([...llamaParameterShapes(config)].sort()).toEqual(weights.names().map((n) => [n, weights.shape(n)]).sort());
  });

  it('gives the logits and every hidden state (padding included) within 1e-5', () => {
    const { config, weights } = loadGoldenLlama('llama');
    const params = loadAll(weights);
    const hidden = [LLAMA_EMBED_TOKENS, llamaLayerKey(0), LLAMA_NORM];
    const { logits, activations } = llamaForward(config, params, inputs, { keys: hidden, options: { seq_filter: 'all_positions' } });
    try {
      const expected = goldenOutput('logits');
      expect(logits.shape).toEqual(expected.shape);
      expectClose(logits.dataSync(), expected.data, { atol: 1e-5, what: 'logits' });
      hidden.forEach((key, i) => expectClose(activations.get(key)!.dataSync(), goldenOutput(`hidden_states.${i}`).data, { atol: 1e-5, what: key }));
    } finally {
      tf.dispose([logits, ...activations.values(), ...Object.values(params)]);
    }
  });

  it('captures only the real tokens by default, in sequence order', () => {
    const { config, weights } = loadGoldenLlama('llama');
    const params = loadAll(weights);
    const { logits, activations } = llamaForward(config, params, inputs, { keys: [llamaLayerKey(0)] });
    const mask = readGoldenTensors('decoder-tiny', 'clm-data.safetensors').get('attention_mask')!.data;
    const rows = [...mask.keys()].filter((i) => mask[i] === 1);
    expect(rows.length).toBeLessThan(mask.length);
    const full = goldenOutput('hidden_states.1').data;
    const captured = activations.get(llamaLayerKey(0))!;
    expect(captured.shape).toEqual([rows.length, 64]);
    expectClose(captured.dataSync(), rows.flatMap((r) => Array.from(full.subarray(r * 64, (r + 1) * 64))), { atol: 1e-5, what: 'non-padding rows' });
    tf.dispose([logits, captured, ...Object.values(params)]);
  });
});
