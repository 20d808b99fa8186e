import { readGoldenJson } from '@otfuse/testing';
import { bertConfigJson, normalizeBertConfig } from './config';

const golden = (head: 'mlm' | 'seqcls') => readGoldenJson<Record<string, unknown>>('bert-tiny', head, 'config.json');

describe('BERT config.json', () => {
  it('reads the golden masked-LM config', () => {
    expect(normalizeBertConfig(golden('mlm'))).toEqual({
      head: 'mlm',
      vocabSize: 200,
      hiddenSize: 48,
      numLayers: 3,
      numHeads: 4,
      intermediateSize: 96,
      hiddenAct: 'gelu',
      maxPositions: 64,
      typeVocabSize: 2,
      layerNormEps: 1e-12,
      labelNames: ['LABEL_0', 'LABEL_1', 'LABEL_2'],
      numLabels: 3,
      padTokenId: 0,
      initializerRange: 0.02,
      hiddenDropoutProb: 0,
      attentionProbsDropoutProb: 0,
      classifierDropout: null,
    });
    expect(normalizeBertConfig(golden('seqcls'))).toMatchObject({ head: 'seqcls', numLayers: 2, numLabels: 3 });
  });

  it.each(['mlm', 'seqcls'] as const)('writes back the config transformers wrote (%s), keys sorted as it sorts them', (head) => {
    const json = golden(head);
    const written = bertConfigJson(normalizeBertConfig(json), { transformers_version: '4.57.6' });
    expect(JSON.stringify(written)).toBe(JSON.stringify(json));
  });

  it('adds extras but refuses to replace a model key', () => {
    const config = normalizeBertConfig(golden('mlm'));
    expect(() => bertConfigJson(config, { vocab_size: 64 })).toThrow("config.json › vocab_size: extras may only add keys; 'vocab_size' is written from the model config");
  });

  it("takes transformers' defaults for left-out keys", () => {
    const config = normalizeBertConfig({ model_type: 'bert', architectures: ['BertForSequenceClassification'], _name_or_path: 'bert-base-uncased', gradient_checkpointing: false });
    expect(config).toMatchObject({
      head: 'seqcls',
      vocabSize: 30522,
      hiddenSize: 768,
      numLayers: 12,
      numHeads: 12,
      intermediateSize: 3072,
      hiddenAct: 'gelu',
      maxPositions: 512,
      typeVocabSize: 2,
      layerNormEps: 1e-12,
      numLabels: 2,
      labelNames: ['LABEL_0', 'LABEL_1'],
      hiddenDropoutProb: 0.1,
      attentionProbsDropoutProb: 0.1,
      classifierDropout: null,
    });
  });

  it('reads gelu_new and relu, and orders label names by id', () => {
    const base = { model_type: 'bert', architectures: ['BertForSequenceClassification'] };
    expect(normalizeBertConfig({ ...base, hidden_act: 'gelu_new' }).hiddenAct).toBe('gelu_new');
    expect(normalizeBertConfig({ ...base, hidden_act: 'relu' }).hiddenAct).toBe('relu');
    const config = normalizeBertConfig({ ...base, id2label: { '1': 'Republican', '0': 'Democratic' } });
    expect(config.labelNames).toEqual(['Democratic', 'Republican']);
    expect(bertConfigJson(config).label2id).toEqual({ Democratic: 0, Republican: 1 });
  });

  it('names the key of every problem', () => {
    const valid = golden('mlm');
    const problem = (change: Record<string, unknown>) => () => normalizeBertConfig({ ...valid, ...change });
    expect(problem({ position_embedding_type: 'relative_key' })).toThrow('config.json › position_embedding_type: "relative_key" is not supported; only "absolute" position embeddings are');
    expect(problem({ is_decoder: true })).toThrow('config.json › is_decoder: a decoder (causal attention) is not supported, got true');
    expect(problem({ add_cross_attention: true })).toThrow('config.json › add_cross_attention: cross-attention is not supported, got true');
    expect(problem({ num_attention_heads: 5 })).toThrow('config.json › hidden_size: 48 is not divisible by num_attention_heads (5)');
    expect(problem({ tie_word_embeddings: false })).toThrow('config.json › tie_word_embeddings: an untied masked-LM decoder is not supported, got false');
    expect(problem({ hidden_act: 'silu' })).toThrow('config.json › hidden_act: "silu" is not supported; supported: gelu, gelu_new, relu');
    expect(problem({ model_type: 'vit' })).toThrow("config.json › model_type: expected 'bert', got \"vit\"");
    expect(problem({ architectures: ['BertForNextSentencePrediction'] })).toThrow(
      'config.json › architectures: expected a list naming one of BertModel, BertForMaskedLM, BertForSequenceClassification, BertForTokenClassification, BertForQuestionAnswering, BertForPreTraining (it decides the head), got ["BertForNextSentencePrediction"]',
    );
    expect(problem({ architectures: ['BertForMaskedLM', 'BertForPreTraining'] })).toThrow('config.json › architectures: expected a list naming one of');
    expect(problem({ architectures: ['BertForQuestionAnswering'] })).toThrow('config.json › num_labels: BertForQuestionAnswering splits its outputs into start and end logits: expected 2 labels, got 3');
    expect(problem({ architectures: ['BertForPreTraining'], tie_word_embeddings: false })).toThrow('config.json › tie_word_embeddings: an untied masked-LM decoder is not supported, got false');
    expect(problem({ architectures: undefined })).toThrow('config.json › architectures: expected a list naming one of');
    expect(problem({ vocab_sise: 200 })).toThrow('config.json › vocab_sise: unknown key');
    expect(problem({ num_hidden_layers: 0 })).toThrow('config.json › num_hidden_layers: expected a positive integer, got 0');
    expect(problem({ pad_token_id: 200 })).toThrow('config.json › pad_token_id: 200 is not a token id: vocab_size is 200');
    expect(problem({ layer_norm_eps: -1 })).toThrow('config.json › layer_norm_eps: expected a positive number, got -1');
    expect(problem({ classifier_dropout: 2 })).toThrow('config.json › classifier_dropout: expected null or a probability in [0, 1], got 2');
    expect(problem({ num_labels: 4 })).toThrow('config.json › num_labels: 4 disagrees with id2label, which names 3 labels');
    expect(problem({ pruned_heads: { '0': [1] } })).toThrow('config.json › pruned_heads: pruned attention heads are not supported');
  });
});
