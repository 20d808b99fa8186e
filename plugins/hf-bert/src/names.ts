/**
 * HuggingFace module names of BERT's task models (`BertForMaskedLM`, …), from the BERT family
 * (`families/bert.ts`). Captured activations are keyed by module name and parameters are
 * `<module>.weight` / `<module>.bias`, exactly as `transformers` names them, so HuggingFace
 * folders read without renaming.
 */
import { name } from '@otfuse/core';
import { BlockNames, EncoderFamily, ModulePoint } from './family';
import { BERT } from './families/bert';

export const BERT_EMBEDDINGS = BERT.embeddings.module;
export const BERT_WORD_EMBEDDINGS = BERT.embeddings.word;
export const BERT_POSITION_EMBEDDINGS = BERT.embeddings.position;
export const BERT_TOKEN_TYPE_EMBEDDINGS = BERT.embeddings.tokenType;
export const BERT_EMBEDDINGS_LAYERNORM = BERT.embeddings.norm;
/** Output of the last encoder block. */
export const BERT_ENCODER = BERT.encoder;

/** The pooler (dense + tanh on the first token): a base model's output, or what sequence-level heads read. */
export const BERT_POOLER = 'bert.pooler';
export const BERT_POOLER_DENSE = BERT.heads.base.pooler.dense;
/** Sequence classification (on the pooled token) and token classification (on every token). */
export const BERT_CLASSIFIER = BERT.heads.seqcls.outputs[0].module;
/** Extractive QA: start and end logits per token. */
export const QA_OUTPUTS = BERT.heads.qa.outputs[0].module;
/** Next-sentence prediction (pretraining), on the pooled token. */
export const NSP_SEQ_RELATIONSHIP = BERT.heads.pretraining.outputs[0].module;
/** The masked-LM decoder's bias: HuggingFace stores it once, as `cls.predictions.bias`. */
export const MLM_BIAS = BERT.heads.mlm.maskedLm.bias;

/** Template of an encoder block's module name, for `name(template, { i })` from @otfuse/core. */
export const BERT_LAYER = BERT.layer;

/** A module and its aliases: every name its output is captured under, each after `prefix`. */
export const pointNames = (point: ModulePoint, prefix = ''): string[] => [point.module, ...(point.aliases ?? [])].map((module) => prefix + module);

/**
 * A block's capturable modules, by path inside the block, in execution order. HuggingFace nests
 * wrappers, so several name one tensor (BERT's `attention.output.LayerNorm`, `attention.output`
 * and `attention`); the module applied to the attention probabilities captures them.
 */
export function layerParts(block: BlockNames): string[] {
  return [
    block.query, block.key, block.value, ...block.probs, ...block.context, ...pointNames(block.attentionOutput), ...pointNames(block.attentionNorm),
    block.ff0, ...block.activated, ...pointNames(block.ff1), ...pointNames(block.outputNorm),
  ];
}

/** Sub-modules of a BERT block, by path inside the block (see `layerParts`). */
export const BERT_LAYER_PARTS = layerParts(BERT.block);
export type BertLayerPart = string;

/** The module name of a family's encoder block `i`, or of one of its parts. */
export function layerKey(family: EncoderFamily, i: number, part?: string): string {
  const block = name(family.layer, { i });
  return part === undefined ? block : `${block}.${part}`;
}

/** The module name of BERT's encoder block `i`, or of one of its parts. */
export const bertLayerKey = (i: number, part?: string): string => layerKey(BERT, i, part);

/** A module's parameter name: `bertParam('classifier', 'weight')` is `classifier.weight`. */
export { moduleParam as bertParam } from '@otfuse/core';
