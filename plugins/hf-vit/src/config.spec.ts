import { readGoldenJson } from '@otfuse/testing';
import { normalizeVitConfig, patchGrid, vitConfigJson } from './config';

const golden = () => readGoldenJson<Record<string, unknown>>('vit-tiny', 'models', 'parent0', 'config.json');

describe('ViT config.json', () => {
  it('reads the golden config', () => {
    expect(normalizeVitConfig(golden())).toEqual({
      head: 'classification',
      hiddenSize: 48,
      numLayers: 7,
      numHeads: 4,
      intermediateSize: 96,
      imageSize: 32,
      patchSize: 4,
      numChannels: 3,
      numLabels: 10,
      labelNames: Array.from({ length: 10 }, (_, i) => `LABEL_${i}`),
      poolerOutputSize: 48,
      poolerAct: 'tanh',
      layerNormEps: 1e-12,
      hiddenAct: 'gelu',
      qkvBias: true,
      initializerRange: 0.02,
      hiddenDropoutProb: 0,
      attentionProbsDropoutProb: 0,
    });
  });

  it('writes back the config HuggingFace wrote, keys in the same order', () => {
    const json = golden();
    expect(JSON.stringify(vitConfigJson(normalizeVitConfig(json)))).toBe(JSON.stringify(json));
  });

  it('adds extras but refuses to replace a model key', () => {
    const config = normalizeVitConfig(golden());
    expect(vitConfigJson(config, { transformers_version: '4.57.6' }).transformers_version).toBe('4.57.6');
    expect(() => vitConfigJson(config, { hidden_size: 64 })).toThrow("config.json › hidden_size: extras may only add keys; 'hidden_size' is written from the model config");
  });

  it('takes transformers defaults for left-out keys, labels from num_labels, and tolerates bookkeeping keys', () => {
    const config = normalizeVitConfig({
      model_type: 'vit',
      num_labels: 3,
      hidden_dropout_prob: 0.1,
      _name_or_path: 'google/vit-base-patch16-224',
      transformers_version: '4.40.0',
      dtype: 'float32',
      encoder_stride: 16,
      pruned_heads: {},
      problem_type: 'single_label_classification',
    });
    expect(config).toMatchObject({ hiddenSize: 768, numLayers: 12, numHeads: 12, intermediateSize: 3072, imageSize: 224, patchSize: 16, numChannels: 3, qkvBias: true });
    expect(config.labelNames).toEqual(['LABEL_0', 'LABEL_1', 'LABEL_2']);
    expect(config.hiddenDropoutProb).toBe(0.1);
    expect(normalizeVitConfig({ model_type: 'vit' }).numLabels).toBe(2);
  });

  it('orders label names by id', () => {
    const config = normalizeVitConfig({ model_type: 'vit', id2label: { '1': 'dog', '0': 'cat' } });
    expect(config.labelNames).toEqual(['cat', 'dog']);
    expect(vitConfigJson(config).label2id).toEqual({ cat: 0, dog: 1 });
  });

  it('names the key of every problem', () => {
    const valid = golden();
    const problem = (change: Record<string, unknown>) => () => normalizeVitConfig({ ...valid, ...change });
    expect(problem({ hidden_act: 'relu' })).toThrow('config.json › hidden_act: "relu" is not supported; supported: gelu (exact, erf-based GELU)');
    expect(problem({ hidden_act: 'gelu_new' })).toThrow('config.json › hidden_act: "gelu_new" is not supported');
    expect(problem({ num_attention_heads: 5 })).toThrow('config.json › hidden_size: 48 is not divisible by num_attention_heads (5)');
    expect(problem({ patch_size: 5 })).toThrow('config.json › image_size: 32 is not divisible by patch_size (5)');
    expect(problem({ model_type: 'bert' })).toThrow("config.json › model_type: expected 'vit', got \"bert\"");
    expect(problem({ architectures: ['ViTForMaskedImageModeling'] })).toThrow(
      'config.json › architectures: expected a list naming one of ViTForImageClassification, ViTModel (it decides the head), got ["ViTForMaskedImageModeling"]',
    );
    expect(problem({ architectures: ['ViTModel', 'ViTForImageClassification'] })).toThrow('config.json › architectures: expected a list naming one of');
    expect(problem({ architectures: ['ViTModel'], pooler_act: 'quick_gelu' })).toThrow('config.json › pooler_act: "quick_gelu" is not supported; supported: relu, gelu, gelu_new, silu, swish, tanh');
    expect(problem({ hidden_sise: 48 })).toThrow('config.json › hidden_sise: unknown key');
    expect(problem({ num_hidden_layers: 0 })).toThrow('config.json › num_hidden_layers: expected a positive integer, got 0');
    expect(problem({ image_size: [32, 32] })).toThrow('config.json › image_size: expected a positive integer, got [32,32]');
    expect(problem({ layer_norm_eps: 0 })).toThrow('config.json › layer_norm_eps: expected a positive number, got 0');
    expect(problem({ attention_probs_dropout_prob: 1.5 })).toThrow('config.json › attention_probs_dropout_prob: expected a probability in [0, 1], got 1.5');
    expect(problem({ qkv_bias: 'yes' })).toThrow('config.json › qkv_bias: expected true or false, got "yes"');
    expect(problem({ num_labels: 4 })).toThrow('config.json › num_labels: 4 disagrees with id2label, which names 10 labels');
    expect(problem({ id2label: { '0': 'a', '2': 'b' } })).toThrow('config.json › id2label.2: expected label ids 0 … 1, got "2"');
    expect(problem({ pruned_heads: { '0': [1] } })).toThrow('config.json › pruned_heads: pruned attention heads are not supported');
  });

  it('derives the patch grid from image and patch size', () => {
    expect(patchGrid({ imageSize: 32, patchSize: 4 })).toEqual({ rows: 8, cols: 8, patches: 64, tokens: 65 });
    expect(patchGrid({ imageSize: 224, patchSize: 16 })).toEqual({ rows: 14, cols: 14, patches: 196, tokens: 197 });
  });
});
