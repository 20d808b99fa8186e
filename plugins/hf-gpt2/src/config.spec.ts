import { readGoldenJson } from '@otfuse/testing';
import { Gpt2Architecture, gpt2Incompatibility } from './architecture';
import { gpt2ConfigJson, innerSize, normalizeGpt2Config } from './config';

const golden = () => readGoldenJson<Record<string, unknown>>('decoder-tiny', 'gpt2', 'config.json');

describe('GPT-2 config.json', () => {
  it('reads the golden config, and its task is the causal LM', () => {
    const config = normalizeGpt2Config(golden());
    expect(config).toEqual({
      vocabSize: 96,
      maxPositions: 32,
      hiddenSize: 48,
      numLayers: 2,
      numHeads: 4,
      nInner: 192,
      activation: 'gelu_new',
      layerNormEps: 1e-5,
      initializerRange: 0.02,
      scaleAttnWeights: true,
      residPdrop: 0,
      embdPdrop: 0,
      attnPdrop: 0,
      bosTokenId: 1,
      eosTokenId: 2,
    });
    const architecture = new Gpt2Architecture();
    expect(architecture.detect(golden())).toBe(true);
    expect(architecture.detect({ ...golden(), model_type: 'bert' })).toBe(false);
    expect(architecture.detect({ ...golden(), architectures: ['GPT2DoubleHeadsModel'] })).toBe(false);
    expect(architecture.task(config)).toBe('causal-lm');
  });

  it('writes back the config transformers wrote, keys sorted as it sorts them', () => {
    const written = gpt2ConfigJson(normalizeGpt2Config(golden()), { transformers_version: '5.18.0' });
    expect(JSON.stringify(written)).toBe(JSON.stringify(golden()));
  });

  it("takes transformers' defaults for left-out keys; n_inner null is 4 · n_embd", () => {
    const config = normalizeGpt2Config({ model_type: 'gpt2', architectures: ['GPT2LMHeadModel'], n_ctx: 1024, _name_or_path: 'gpt2', summary_type: 'cls_index' });
    expect(config).toMatchObject({ vocabSize: 50257, maxPositions: 1024, hiddenSize: 768, numLayers: 12, numHeads: 12, nInner: null, activation: 'gelu_new', layerNormEps: 1e-5 });
    expect(innerSize(config)).toBe(3072);
    expect(normalizeGpt2Config({ model_type: 'gpt2', activation_function: 'relu' }).activation).toBe('relu');
  });

  it('names the key of every problem', () => {
    const problem = (change: Record<string, unknown>) => () => normalizeGpt2Config({ ...golden(), ...change });
    expect(problem({ scale_attn_by_inverse_layer_idx: true })).toThrow('config.json › scale_attn_by_inverse_layer_idx: scaling attention scores by 1 / (layer index + 1) is not supported, got true');
    expect(problem({ reorder_and_upcast_attn: true })).toThrow('config.json › reorder_and_upcast_attn: the reordered, upcast attention is not supported, got true');
    expect(problem({ add_cross_attention: true })).toThrow('config.json › add_cross_attention: cross-attention is not supported, got true');
    expect(problem({ tie_word_embeddings: false })).toThrow('config.json › tie_word_embeddings: an lm_head untied from transformer.wte is not supported, got false');
    expect(problem({ n_ctx: 64 })).toThrow('config.json › n_ctx: 64 disagrees with n_positions (32)');
    expect(problem({ n_head: 5 })).toThrow('config.json › n_embd: 48 is not divisible by n_head (5)');
    expect(problem({ n_inner: 0 })).toThrow('config.json › n_inner: expected null or a positive integer, got 0');
    expect(problem({ activation_function: 'quick_gelu' })).toThrow('config.json › activation_function: "quick_gelu" is not supported; supported: relu, gelu, gelu_new');
    expect(problem({ model_type: 'llama' })).toThrow("config.json › model_type: expected 'gpt2', got \"llama\"");
    expect(problem({ architectures: ['GPT2ForSequenceClassification'] })).toThrow("config.json › architectures: expected a list containing 'GPT2LMHeadModel'");
    expect(problem({ n_embed: 48 })).toThrow('config.json › n_embed: unknown key');
    expect(problem({ n_layer: 0 })).toThrow('config.json › n_layer: expected a positive integer, got 0');
    expect(problem({ layer_norm_epsilon: -1 })).toThrow('config.json › layer_norm_epsilon: expected a positive number, got -1');
    expect(problem({ eos_token_id: 96 })).toThrow('config.json › eos_token_id: expected null or a token id in [0, 96), got 96');
    expect(problem({ attn_pdrop: 2 })).toThrow('config.json › attn_pdrop: expected a probability in [0, 1], got 2');
    expect(problem({ scale_attn_weights: 'yes' })).toThrow('config.json › scale_attn_weights: expected true or false, got "yes"');
  });

  it('fuses models that differ only in their widths, and says why others do not', () => {
    const base = normalizeGpt2Config(golden());
    expect(gpt2Incompatibility(base, { ...base, nInner: 96 })).toBeUndefined();
    expect(gpt2Incompatibility(base, { ...base, hiddenSize: 64, nInner: 256 })).toBeUndefined();
    expect(gpt2Incompatibility(base, { ...base, numLayers: 3 })).toContain('n_layer');
  });
});
