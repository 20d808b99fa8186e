import { EncoderFamily } from '../family';

/**
 * HuggingFace DistilBERT (`model_type: "distilbert"`): no token types, its own module and config
 * names, no pooler; the classifier is `pre_classifier` + ReLU + `classifier` on the first token.
 */
export const DISTILBERT = {
  id: 'hf-distilbert',
  description: 'HuggingFace DistilBertModel, DistilBertForMaskedLM (tied vocab_projector) and DistilBertForSequenceClassification (pre_classifier + ReLU + classifier on [CLS]); no token types',
  name: 'DistilBERT',
  label: 'a DistilBERT',
  config: {
    modelType: 'distilbert',
    keys: {
      vocabSize: 'vocab_size', hiddenSize: 'dim', numLayers: 'n_layers', numHeads: 'n_heads', intermediateSize: 'hidden_dim', hiddenAct: 'activation',
      maxPositions: 'max_position_embeddings', padTokenId: 'pad_token_id', initializerRange: 'initializer_range', hiddenDropoutProb: 'dropout', attentionProbsDropoutProb: 'attention_dropout',
    },
    defaults: {
      vocab_size: 30522, dim: 768, n_layers: 6, n_heads: 12, hidden_dim: 3072, activation: 'gelu', dropout: 0.1, attention_dropout: 0.1,
      max_position_embeddings: 512, initializer_range: 0.02, pad_token_id: 0,
    },
    fixed: { typeVocabSize: 1, layerNormEps: 1e-12 },
    constants: { dtype: 'float32' },
    // Sinusoidal positions only decide the table's first values: the forward pass reads the stored table.
    carried: { qa_dropout: 0.1, seq_classif_dropout: 0.2, sinusoidal_pos_embds: false },
  },
  prefix: 'distilbert.',
  embeddings: {
    module: 'distilbert.embeddings',
    word: 'distilbert.embeddings.word_embeddings',
    position: 'distilbert.embeddings.position_embeddings',
    positionIds: 'absolute',
    norm: 'distilbert.embeddings.LayerNorm',
  },
  encoder: 'distilbert.transformer',
  layer: 'distilbert.transformer.layer.{i}',
  block: {
    query: 'attention.q_lin',
    key: 'attention.k_lin',
    value: 'attention.v_lin',
    probs: ['attention.dropout'],
    context: [],
    attentionOutput: { module: 'attention.out_lin', aliases: ['attention'] },
    attentionNorm: { module: 'sa_layer_norm' },
    ff0: 'ffn.lin1',
    activated: ['ffn.activation'],
    ff1: { module: 'ffn.lin2', aliases: ['ffn'] },
    outputNorm: { module: 'output_layer_norm' },
  },
  heads: {
    base: { architecture: 'DistilBertModel', task: 'features', outputs: [] },
    mlm: {
      architecture: 'DistilBertForMaskedLM',
      task: 'masked-lm',
      maskedLm: { dense: 'vocab_transform', activation: 'config', activated: [], norm: { module: 'vocab_layer_norm' }, decoder: 'vocab_projector', bias: 'vocab_projector.bias', logits: [] },
      outputs: [],
    },
    seqcls: {
      architecture: 'DistilBertForSequenceClassification',
      task: 'classification',
      pooler: { dense: 'pre_classifier', activation: 'relu', activated: [] },
      outputs: [{ module: 'classifier', reads: 'pooled', classes: 'labels' }],
    },
  },
  tokenizerFiles: ['vocab.txt', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json'],
} as const satisfies EncoderFamily;
