/**
 * HuggingFace module names of `BertForMaskedLM` / `BertForSequenceClassification`. Captured
 * activations are keyed by module name and parameters are `<module>.weight` / `<module>.bias`,
 * exactly as `transformers` names them, so HuggingFace folders read without renaming.
 */

export const BERT_EMBEDDINGS = 'bert.embeddings';
export const BERT_WORD_EMBEDDINGS = 'bert.embeddings.word_embeddings';
export const BERT_POSITION_EMBEDDINGS = 'bert.embeddings.position_embeddings';
export const BERT_TOKEN_TYPE_EMBEDDINGS = 'bert.embeddings.token_type_embeddings';
export const BERT_EMBEDDINGS_LAYERNORM = 'bert.embeddings.LayerNorm';
/** Output of the last encoder block. */
export const BERT_ENCODER = 'bert.encoder';

/** The pooler (dense + tanh on the first token): a base model's output, or what sequence-level heads read. */
export const BERT_POOLER = 'bert.pooler';
export const BERT_POOLER_DENSE = 'bert.pooler.dense';
export const BERT_POOLER_ACTIVATION = 'bert.pooler.activation';
/** Sequence classification (on the pooled token) and token classification (on every token). */
export const BERT_CLASSIFIER = 'classifier';
/** Extractive QA: start and end logits per token. */
export const QA_OUTPUTS = 'qa_outputs';
/** Next-sentence prediction (pretraining), on the pooled token. */
export const NSP_SEQ_RELATIONSHIP = 'cls.seq_relationship';

/** Masked LM: transform (dense → activation → LayerNorm), then the decoder tied to the word embeddings. */
export const MLM_PREDICTIONS = 'cls.predictions';
export const MLM_TRANSFORM = 'cls.predictions.transform';
export const MLM_TRANSFORM_DENSE = 'cls.predictions.transform.dense';
export const MLM_TRANSFORM_ACT = 'cls.predictions.transform.transform_act_fn';
export const MLM_TRANSFORM_LAYERNORM = 'cls.predictions.transform.LayerNorm';
export const MLM_DECODER = 'cls.predictions.decoder';
/** The decoder's bias: HuggingFace stores it once, as `cls.predictions.bias`. */
export const MLM_BIAS = 'cls.predictions.bias';
export const MLM_HEAD = 'cls';

/** Template of an encoder block's module name, for `name(template, { i })` from @otfuse/core. */
export const BERT_LAYER = 'bert.encoder.layer.{i}';

/**
 * Sub-modules of a post-LN encoder block, by path inside the block. HuggingFace nests wrappers,
 * so several name one tensor: `attention.output.LayerNorm`, `attention.output` and `attention`
 * are the attention sub-block's output; `intermediate` and `intermediate.intermediate_act_fn`
 * the MLP's hidden layer after the activation; `output.LayerNorm` and `output` the block output.
 * `attention.self.dropout` is applied to the attention probabilities, so it captures them.
 */
export const BERT_LAYER_PARTS = [
  'attention.self.query',
  'attention.self.key',
  'attention.self.value',
  'attention.self.dropout',
  'attention.self',
  'attention.output.dense',
  'attention.output.LayerNorm',
  'attention.output',
  'attention',
  'intermediate.dense',
  'intermediate.intermediate_act_fn',
  'intermediate',
  'output.dense',
  'output.LayerNorm',
  'output',
] as const;
export type BertLayerPart = (typeof BERT_LAYER_PARTS)[number];

/** The module name of encoder block `i`, or of one of its parts. */
export function bertLayerKey(i: number, part?: BertLayerPart): string {
  return part === undefined ? `bert.encoder.layer.${i}` : `bert.encoder.layer.${i}.${part}`;
}

/** A module's parameter name: `bertParam('classifier', 'weight')` is `classifier.weight`. */
export { moduleParam as bertParam } from '@otfuse/core';
