import { EncoderFamily, MaskedLmSpec } from '../family';

/** BERT's masked-LM head; `cls` names it only in BertForMaskedLM (in BertForPreTraining it also holds the next-sentence head). */
const maskedLm = (logits: readonly string[]): MaskedLmSpec => ({
  dense: 'cls.predictions.transform.dense',
  activation: 'config',
  activated: ['cls.predictions.transform.transform_act_fn'],
  norm: { module: 'cls.predictions.transform.LayerNorm', aliases: ['cls.predictions.transform'] },
  decoder: 'cls.predictions.decoder',
  bias: 'cls.predictions.bias',
  logits,
});
const pooler = { dense: 'bert.pooler.dense', activation: 'tanh', activated: ['bert.pooler.activation', 'bert.pooler'] } as const;

/** HuggingFace BERT (`model_type: "bert"`): every class transformers has for an encoder without a decoder head. */
export const BERT = {
  id: 'hf-bert',
  description:
    'HuggingFace BertModel (pooler), BertForMaskedLM (tied decoder), BertForPreTraining (MLM + NSP), BertForSequenceClassification, BertForTokenClassification and BertForQuestionAnswering (post-LN encoder, padding mask)',
  name: 'BERT',
  label: 'a BERT',
  config: {
    modelType: 'bert',
    keys: {
      vocabSize: 'vocab_size', hiddenSize: 'hidden_size', numLayers: 'num_hidden_layers', numHeads: 'num_attention_heads', intermediateSize: 'intermediate_size',
      hiddenAct: 'hidden_act', maxPositions: 'max_position_embeddings', typeVocabSize: 'type_vocab_size', layerNormEps: 'layer_norm_eps', padTokenId: 'pad_token_id',
      initializerRange: 'initializer_range', hiddenDropoutProb: 'hidden_dropout_prob', attentionProbsDropoutProb: 'attention_probs_dropout_prob', classifierDropout: 'classifier_dropout',
    },
    defaults: {
      vocab_size: 30522, hidden_size: 768, num_hidden_layers: 12, num_attention_heads: 12, intermediate_size: 3072, hidden_act: 'gelu', hidden_dropout_prob: 0.1,
      attention_probs_dropout_prob: 0.1, max_position_embeddings: 512, type_vocab_size: 2, initializer_range: 0.02, layer_norm_eps: 1e-12, pad_token_id: 0,
    },
    constants: { dtype: 'float32', position_embedding_type: 'absolute', use_cache: true },
    // The KV cache (decoders only) and gradient checkpointing change nothing in an eval forward pass.
    ignored: ['use_cache', 'gradient_checkpointing'],
  },
  prefix: 'bert.',
  embeddings: {
    module: 'bert.embeddings',
    word: 'bert.embeddings.word_embeddings',
    position: 'bert.embeddings.position_embeddings',
    positionIds: 'absolute',
    tokenType: 'bert.embeddings.token_type_embeddings',
    norm: 'bert.embeddings.LayerNorm',
  },
  encoder: 'bert.encoder',
  layer: 'bert.encoder.layer.{i}',
  block: {
    query: 'attention.self.query',
    key: 'attention.self.key',
    value: 'attention.self.value',
    probs: ['attention.self.dropout'],
    context: ['attention.self'],
    attentionOutput: { module: 'attention.output.dense' },
    attentionNorm: { module: 'attention.output.LayerNorm', aliases: ['attention.output', 'attention'] },
    ff0: 'intermediate.dense',
    activated: ['intermediate.intermediate_act_fn', 'intermediate'],
    ff1: { module: 'output.dense' },
    outputNorm: { module: 'output.LayerNorm', aliases: ['output'] },
  },
  heads: {
    base: { architecture: 'BertModel', task: 'features', pooler, outputs: [] },
    mlm: { architecture: 'BertForMaskedLM', task: 'masked-lm', maskedLm: maskedLm(['cls.predictions', 'cls']), outputs: [] },
    seqcls: { architecture: 'BertForSequenceClassification', task: 'classification', pooler, outputs: [{ module: 'classifier', reads: 'pooled', classes: 'labels' }] },
    tokcls: { architecture: 'BertForTokenClassification', task: 'token-classification', outputs: [{ module: 'classifier', reads: 'tokens', classes: 'labels' }] },
    // transformers splits qa_outputs' num_labels outputs into start and end: the config must say 2.
    qa: { architecture: 'BertForQuestionAnswering', task: 'span-qa', outputs: [{ module: 'qa_outputs', reads: 'tokens', classes: 'labels' }] },
    // MLM and next-sentence prediction, as bert-base-uncased is stored; trained and scored on the MLM logits.
    pretraining: { architecture: 'BertForPreTraining', task: 'masked-lm', pooler, maskedLm: maskedLm(['cls.predictions']), outputs: [{ module: 'cls.seq_relationship', reads: 'pooled', classes: 2 }] },
  },
  tokenizerFiles: ['vocab.txt', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json'],
  // Hub checkpoints of a masked LM often carry BertForPreTraining's pooler and next-sentence head: transformers drops them.
  unusedCheckpointTensors: [/^bert\.pooler\./, /^cls\.seq_relationship\./],
  onnx: true,
} as const satisfies EncoderFamily;
