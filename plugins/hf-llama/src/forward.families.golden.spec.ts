import * as tf from '@tensorflow/tfjs';
import { InMemoryWeights, loadAll, packDecoderInputs } from '@otfuse/core';
import { expectClose, readGoldenJson, readGoldenTensors, useTestBackend } from '@otfuse/testing';
import { normalizeLlamaConfig } from './config';
import { llamaForward } from './forward';
import { llamaParameterShapes } from './parameters';

// decoder-tiny/mistral and qwen2: MistralForCausalLM (window 32 = max_position_embeddings) and
// Qwen2ForCausalLM (q/k/v biases, tied lm_head) from transformers 5.18 (hidden 32, 4 query heads over
// 2 KV heads of 8, 2 layers, MLP 64, vocab 50), random weights, biases and gains; <set>-outputs holds
// 4 sequences of 12 ids, their attention mask (two right-padded) and transformers' logits.
describe.each(['mistral', 'qwen2'] as const)('%s forward pass against transformers (decoder-tiny)', (set) => {
  beforeAll(() => useTestBackend());

  const load = () => {
    const config = normalizeLlamaConfig(readGoldenJson<Record<string, unknown>>('decoder-tiny', set, 'config.json'));
    const weights = new InMemoryWeights(Object.fromEntries(readGoldenTensors('decoder-tiny', set, 'model.safetensors')));
    return { config, weights };
  };

  it('names every stored tensor with its shape', () => {
    const { config, weights } = load();
    expect([...llamaParameterShapes(config)].sort()).toEqual(weights.names().map((n) => [n, weights.shape(n)]).sort());
  });

  it('gives the logits within 1e-5, padding included', () => {
    const { config, weights } = load();
    const outputs = readGoldenTensors('decoder-tiny', `${set}-outputs.safetensors`);
    const [ids, mask, expected] = ['input_ids', 'attention_mask', 'logits'].map((name) => outputs.get(name)!);
    expect(mask.data).toContain(0);
    const [count, length] = ids.shape;
    const inputs = packDecoderInputs({ inputIds: ids.data, attentionMask: mask.data }, count, length);
    const params = loadAll(weights);
    const { logits } = llamaForward(config, params, inputs);
    try {
      expect(logits.shape).toEqual(expected.shape);
      expectClose(logits.dataSync(), expected.data, { atol: 1e-5, what: `${set} logits` });
    } finally {
      tf.dispose([logits, inputs, ...Object.values(params)]);
    }
  });
});
