import { readGoldenJson } from '@otfuse/testing';
import { LlamaArchitecture } from './architecture';
import { LlamaConfig, llamaConfigJson, normalizeLlamaConfig } from './config';

const golden = (set: 'llama' | 'mistral' | 'qwen2') => readGoldenJson<Record<string, unknown>>('decoder-tiny', set, 'config.json');
const tiny = { vocabSize: 50, hiddenSize: 32, intermediateSize: 64, numLayers: 2, numHeads: 4, numKvHeads: 2, headDim: 8, rmsNormEps: 1e-6, ropeTheta: 10000, maxPositions: 32, initializerRange: 0.02 };

// decoder-tiny/mistral and qwen2: transformers 5.18's own config.json files (see testdata/golden/README.md).
describe('hf-llama reads Mistral and Qwen2 configs (the same network)', () => {
  const architecture = new LlamaArchitecture();

  it('reads a MistralForCausalLM: no biases, a window as long as max_position_embeddings', () => {
    const config = normalizeLlamaConfig(golden('mistral'));
    expect(config).toEqual<LlamaConfig>({ modelType: 'mistral', ...tiny, tieWordEmbeddings: false, qkvBias: false, oBias: false, mlpBias: false, specialTokens: { bos_token_id: 1, eos_token_id: 2, pad_token_id: null } });
    expect(normalizeLlamaConfig(llamaConfigJson(config))).toEqual(config);
    expect(llamaConfigJson(config)).toMatchObject({ model_type: 'mistral', architectures: ['MistralForCausalLM'], sliding_window: null });
    expect(llamaConfigJson(config)).not.toHaveProperty('attention_bias');
  });

  it('reads a Qwen2ForCausalLM: q, k and v biases, no o or MLP bias, the tie as given', () => {
    const config = normalizeLlamaConfig(golden('qwen2'));
    expect(config).toEqual<LlamaConfig>({ modelType: 'qwen2', ...tiny, tieWordEmbeddings: true, qkvBias: true, oBias: false, mlpBias: false, specialTokens: { bos_token_id: null, eos_token_id: null, pad_token_id: null } });
    expect(normalizeLlamaConfig(llamaConfigJson(config))).toEqual(config);
    expect(llamaConfigJson(config)).toMatchObject({ model_type: 'qwen2', architectures: ['Qwen2ForCausalLM'], use_sliding_window: false, sliding_window: null });
    expect(normalizeLlamaConfig({ ...golden('qwen2'), tie_word_embeddings: false }).tieWordEmbeddings).toBe(false);
  });

  it("Llama's attention_bias puts biases on all four projections", () => {
    expect(normalizeLlamaConfig({ ...golden('llama'), attention_bias: true })).toMatchObject({ qkvBias: true, oBias: true, mlpBias: false });
  });

  it('detection picks the plugin for each model_type and its class, and for nothing else', () => {
    expect([golden('llama'), golden('mistral'), golden('qwen2')].map((json) => architecture.detect(json))).toEqual([true, true, true]);
    expect(architecture.detect({ ...golden('mistral'), architectures: ['MistralForSequenceClassification'] })).toBe(false);
    expect(architecture.detect({ ...golden('qwen2'), model_type: 'qwen2_moe' })).toBe(false);
    expect(architecture.detect({ ...golden('qwen2'), architectures: ['LlamaForCausalLM'] })).toBe(false);
  });

  it('ignores what sliding windows would need while they are off (Mistral: window null; Qwen2: use_sliding_window false)', () => {
    expect(normalizeLlamaConfig({ ...golden('mistral'), sliding_window: null }).modelType).toBe('mistral');
    expect(normalizeLlamaConfig({ ...golden('mistral'), sliding_window: 4096 }).modelType).toBe('mistral');
    const qwen = normalizeLlamaConfig({ ...golden('qwen2'), sliding_window: 16, max_window_layers: 1 });
    expect(qwen).toEqual(normalizeLlamaConfig(golden('qwen2')));
    const { layer_types: _types, use_sliding_window: _use, ...withoutSwitch } = golden('qwen2');
    expect(normalizeLlamaConfig(withoutSwitch)).toEqual(qwen);
  });

  it("takes each class's defaults for keys left out (KV heads: Mistral 8, Qwen2 32, null: the query heads)", () => {
    const { num_key_value_heads: _kv, ...mistral } = golden('mistral');
    expect(normalizeLlamaConfig({ ...mistral, num_attention_heads: 8 }).numKvHeads).toBe(8);
    expect(normalizeLlamaConfig({ ...mistral, num_key_value_heads: null }).numKvHeads).toBe(4);
    const { num_key_value_heads: _kv2, ...qwen } = golden('qwen2');
    expect(() => normalizeLlamaConfig(qwen)).toThrow('config.json › num_key_value_heads: 32 KV heads do not divide 4 query heads');
    const { sliding_window: _window, max_position_embeddings: _max, ...mistralDefaults } = golden('mistral');
    expect(() => normalizeLlamaConfig(mistralDefaults)).toThrow("sliding_window: sliding-window attention is not implemented: a window of 4096 (MistralConfig's default) is shorter than max_position_embeddings 131072");
  });

  it.each([
    ['mistral', { sliding_window: 16 }, 'config.json › sliding_window: sliding-window attention is not implemented: a window of 16 (given) is shorter than max_position_embeddings 32'],
    ['mistral', { sliding_window: 'full' }, 'config.json › sliding_window: expected null or a positive integer, got "full"'],
    ['mistral', { attention_bias: false }, 'config.json › attention_bias: unknown key; a MistralForCausalLM config.json'],
    ['mistral', { mlp_bias: true }, 'config.json › mlp_bias: unknown key'],
    ['mistral', { layer_types: ['full_attention', 'full_attention'] }, 'config.json › layer_types: unknown key'],
    ['mistral', { architectures: ['LlamaForCausalLM'] }, "config.json › architectures: expected a list containing 'MistralForCausalLM'"],
    ['qwen2', { use_sliding_window: true, sliding_window: 4096 }, 'config.json › use_sliding_window: sliding-window attention is not implemented: expected false'],
    ['qwen2', { layer_types: ['full_attention', 'sliding_attention'] }, 'config.json › layer_types: only full attention is implemented'],
    ['qwen2', { mlp_bias: false }, 'config.json › mlp_bias: unknown key; a Qwen2ForCausalLM config.json'],
    ['qwen2', { rope_scaling: { rope_type: 'yarn', factor: 4 } }, 'config.json › rope_scaling: only plain RoPE'],
    ['qwen2', { architectures: ['Qwen2ForSequenceClassification'] }, "config.json › architectures: expected a list containing 'Qwen2ForCausalLM'"],
  ] as const)('refuses a %s config with %j naming the key', (set, change, message) => {
    expect(() => normalizeLlamaConfig({ ...golden(set), ...change })).toThrow(message);
  });

  it('refuses to write a bias layout its class cannot state', () => {
    const qwen = normalizeLlamaConfig(golden('qwen2'));
    expect(() => llamaConfigJson({ ...qwen, oBias: true })).toThrow('cannot be written as a Qwen2ForCausalLM');
    expect(() => llamaConfigJson({ ...qwen, modelType: 'mistral' })).toThrow('cannot be written as a MistralForCausalLM');
    expect(() => llamaConfigJson({ ...qwen, modelType: 'llama' })).toThrow('config.json › attention_bias');
  });

  it('refuses to fuse a Llama with attention biases and a Qwen2 (o_proj differs)', () => {
    const qwen = normalizeLlamaConfig(golden('qwen2'));
    expect(architecture.incompatibility(qwen, { ...qwen, modelType: 'llama', oBias: true })).toContain('o_proj bias');
    expect(architecture.incompatibility(normalizeLlamaConfig(golden('mistral')), { ...normalizeLlamaConfig(golden('mistral')), modelType: 'llama' })).toBeUndefined();
  });
});
