import * as fs from 'node:fs';
import * as path from 'node:path';
import { GOLDEN_ROOT } from '@otfuse/testing';
import { LlamaArchitecture } from './architecture';
import { LlamaConfig, normalizeLlamaConfig } from './config';

const golden = (): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(GOLDEN_ROOT, 'decoder-tiny', 'llama', 'config.json'), 'utf8'));

describe('hf-llama config.json', () => {
  it("reads transformers' own config (rope_parameters) and writes it back", () => {
    const config = normalizeLlamaConfig(golden());
    expect(config).toEqual<LlamaConfig>({
      modelType: 'llama',
      vocabSize: 96,
      hiddenSize: 64,
      intermediateSize: 128,
      numLayers: 2,
      numHeads: 4,
      numKvHeads: 2,
      headDim: 16,
      rmsNormEps: 1e-6,
      ropeTheta: 10000,
      maxPositions: 64,
      tieWordEmbeddings: false,
      qkvBias: false,
      oBias: false,
      mlpBias: false,
      initializerRange: 0.02,
      specialTokens: { bos_token_id: 1, eos_token_id: 2, pad_token_id: null },
    });
    const architecture = new LlamaArchitecture();
    expect(architecture.detect(golden())).toBe(true);
    expect(architecture.detect({ ...golden(), model_type: 'gpt2' })).toBe(false);
    expect(normalizeLlamaConfig(architecture.configJson(config))).toEqual(config);
    expect(architecture.task(config)).toBe('causal-lm');
  });

  it('takes the older layout and the defaults: top-level rope_theta, no head_dim, no KV heads', () => {
    const { rope_parameters: _rope, head_dim: _head, num_key_value_heads: _kv, ...rest } = golden();
    const config = normalizeLlamaConfig({ ...rest, rope_theta: 500000, rope_scaling: null });
    expect(config).toMatchObject({ ropeTheta: 500000, headDim: 16, numKvHeads: 4 });
  });

  it.each([
    [{ rope_scaling: { rope_type: 'linear', factor: 2 } }, 'config.json › rope_scaling: only plain RoPE'],
    [{ rope_parameters: { rope_theta: 10000, rope_type: 'llama3' } }, 'config.json › rope_parameters.rope_type: "llama3" is not supported'],
    [{ rope_parameters: { rope_theta: 10000, factor: 8 } }, 'config.json › rope_parameters.factor'],
    [{ sliding_window: 4096 }, 'config.json › sliding_window: sliding-window attention is not implemented'],
    [{ hidden_act: 'gelu' }, 'config.json › hidden_act: "gelu" is not supported; supported: silu'],
    [{ num_key_value_heads: 3 }, 'config.json › num_key_value_heads: 3 KV heads do not divide 4 query heads'],
    [{ head_dim: 15 }, 'config.json › head_dim: RoPE rotates pairs'],
    [{ hidden_size: 0 }, 'config.json › hidden_size: expected a positive integer, got 0'],
    [{ use_sliding_window: true }, 'config.json › use_sliding_window: unknown key'],
    [{ model_type: 'gemma' }, "config.json › model_type: expected one of 'llama', 'mistral', 'qwen2', got \"gemma\""],
    [{ model_type: 'mistral' }, "config.json › attention_bias: unknown key; a MistralForCausalLM config.json"],
    [{ attention_bias: true, mlp_bias: true, model_type: 'qwen2', architectures: ['Qwen2ForCausalLM'] }, 'config.json › attention_bias: unknown key; a Qwen2ForCausalLM config.json'],
    [{ architectures: ['LlamaForSequenceClassification'] }, "config.json › architectures: expected a list containing 'LlamaForCausalLM'"],
  ])('refuses %j naming the key', (change, message) => {
    expect(() => normalizeLlamaConfig({ ...golden(), ...change })).toThrow(message);
  });
});
