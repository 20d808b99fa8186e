import { EncoderFamily } from '../family';
import { BERT } from './bert';

/**
 * HuggingFace RoBERTa (`model_type: "roberta"`): BERT's encoder and config keys; position ids
 * count only the tokens that are not padding and start after `pad_token_id`; the classifier is
 * its own dense + tanh on the first token (no pooler), the masked-LM head `lm_head` (GELU).
 */
export const ROBERTA = {
  ...BERT,
  id: 'hf-roberta',
  description: 'HuggingFace RobertaModel (pooler), RobertaForMaskedLM (lm_head, tied decoder) and RobertaForSequenceClassification (dense + tanh + out_proj on <s>); positions after the padding id',
  name: 'RoBERTa',
  label: 'a RoBERTa',
  config: {
    ...BERT.config,
    modelType: 'roberta',
    defaults: { ...BERT.config.defaults, vocab_size: 50265, pad_token_id: 1 },
  },
  prefix: 'roberta.',
  embeddings: {
    module: 'roberta.embeddings',
    word: 'roberta.embeddings.word_embeddings',
    position: 'roberta.embeddings.position_embeddings',
    positionIds: 'after-padding',
    tokenType: 'roberta.embeddings.token_type_embeddings',
    norm: 'roberta.embeddings.LayerNorm',
  },
  encoder: 'roberta.encoder',
  layer: 'roberta.encoder.layer.{i}',
  heads: {
    base: { architecture: 'RobertaModel', task: 'features', pooler: { dense: 'roberta.pooler.dense', activation: 'tanh', activated: ['roberta.pooler.activation', 'roberta.pooler'] }, outputs: [] },
    mlm: {
      architecture: 'RobertaForMaskedLM',
      task: 'masked-lm',
      maskedLm: { dense: 'lm_head.dense', activation: 'gelu', activated: [], norm: { module: 'lm_head.layer_norm' }, decoder: 'lm_head.decoder', bias: 'lm_head.bias', logits: ['lm_head'] },
      outputs: [],
    },
    seqcls: {
      architecture: 'RobertaForSequenceClassification',
      task: 'classification',
      pooler: { dense: 'classifier.dense', activation: 'tanh', activated: [] },
      outputs: [{ module: 'classifier.out_proj', reads: 'pooled', classes: 'labels', aliases: ['classifier'] }],
    },
  },
  // What RobertaTokenizerFast.save_pretrained writes, and the WordPiece vocab.txt of models otfuse
  // trains on its text data sets (a data set's `dir` reads it), as GPT-2's.
  tokenizerFiles: ['vocab.json', 'merges.txt', 'vocab.txt', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json'],
  // roberta-base is stored with its pooler, which the masked LM and the classifier do not have.
  unusedCheckpointTensors: [/^roberta\.pooler\./],
  onnx: false,
} as const satisfies EncoderFamily;
