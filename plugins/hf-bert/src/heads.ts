import { BERT_CLASSIFIER, NSP_SEQ_RELATIONSHIP, QA_OUTPUTS } from './names';

/**
 * The BERT classes this plugin reads and writes, as data: what each head adds to the encoder.
 * Parameters, graph, forward pass and capture keys are declared once per part, so a head is one
 * row here. A head's forward pass returns its masked-LM logits, else its first output layer's,
 * else the pooled output (a base model: the pooler is its output).
 */

/** A linear layer with fixed outputs (one per class): on every token, or on the pooled first token. */
export interface BertOutputLayer {
  readonly module: string;
  readonly reads: 'tokens' | 'pooled';
  /** Output width: the config's `num_labels`, or a fixed count. */
  readonly classes: 'labels' | number;
}

export interface BertHeadSpec {
  /** The `transformers` class, as `config.json`'s `architectures` names it. */
  readonly architecture: string;
  /** The task (`@otfuse/train`'s `TASK`) a model with this head is trained and evaluated for. */
  readonly task: string;
  /** `bert.pooler` (dense + tanh on the first token). */
  readonly pooler: boolean;
  /** The masked-LM transform and the decoder tied to the word embeddings. */
  readonly maskedLm: boolean;
  readonly outputs: readonly BertOutputLayer[];
}

export const BERT_HEADS = {
  base: { architecture: 'BertModel', task: 'features', pooler: true, maskedLm: false, outputs: [] },
  mlm: { architecture: 'BertForMaskedLM', task: 'masked-lm', pooler: false, maskedLm: true, outputs: [] },
  seqcls: { architecture: 'BertForSequenceClassification', task: 'classification', pooler: true, maskedLm: false, outputs: [{ module: BERT_CLASSIFIER, reads: 'pooled', classes: 'labels' }] },
  tokcls: { architecture: 'BertForTokenClassification', task: 'token-classification', pooler: false, maskedLm: false, outputs: [{ module: BERT_CLASSIFIER, reads: 'tokens', classes: 'labels' }] },
  // transformers splits qa_outputs' num_labels outputs into start and end: the config must say 2.
  qa: { architecture: 'BertForQuestionAnswering', task: 'span-qa', pooler: false, maskedLm: false, outputs: [{ module: QA_OUTPUTS, reads: 'tokens', classes: 'labels' }] },
  // MLM and next-sentence prediction, as bert-base-uncased is stored; trained and scored on the MLM logits.
  pretraining: { architecture: 'BertForPreTraining', task: 'masked-lm', pooler: true, maskedLm: true, outputs: [{ module: NSP_SEQ_RELATIONSHIP, reads: 'pooled', classes: 2 }] },
} as const satisfies Record<string, BertHeadSpec>;

export type BertHead = keyof typeof BERT_HEADS;

/** The spec of a config's head. */
export const bertHead = (config: { head: BertHead }): BertHeadSpec => BERT_HEADS[config.head];

/** A base model (`BertModel`) is saved without its task models' `bert.` prefix. */
export const storedPrefix = (config: { head: BertHead }): string | undefined => (config.head === 'base' ? 'bert.' : undefined);
