import {
  ConfigJson,
  ConfigReader,
  HF_BOOKKEEPING_KEYS,
  HF_GENERATION_KEYS,
  checkKnownKeys,
  checkModelClass,
  labelsJson,
  readLabelNames,
  refuseConfig,
  refusePrunedHeads,
  withExtras,
} from '@otfuse/core';

import { BERT_HEADS, BertHead } from './heads';

export type { BertHead } from './heads';
export const BERT_MODEL_TYPE = 'bert';
/** The HuggingFace classes this plugin reads and writes, by head. */
export const BERT_ARCHITECTURES = Object.fromEntries(Object.entries(BERT_HEADS).map(([head, spec]) => [head, spec.architecture])) as Record<BertHead, string>;
/** `gelu` is the exact, erf-based GELU; `gelu_new` the tanh approximation; `relu` max(0, x). */
export const BERT_ACTIVATIONS = ['gelu', 'gelu_new', 'relu'] as const;
export type BertActivation = (typeof BERT_ACTIVATIONS)[number];

/** A BERT with absolute positions and one of the heads of `BERT_HEADS`. */
export interface BertConfig {
  head: BertHead;
  vocabSize: number;
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  intermediateSize: number;
  hiddenAct: BertActivation;
  maxPositions: number;
  typeVocabSize: number;
  layerNormEps: number;
  /** Class names by label index (`id2label`), `LABEL_<i>` when the config has none; only classifiers use them (QA: start and end). */
  labelNames: string[];
  numLabels: number;
  padTokenId: number;
  initializerRange: number;
  /** Dropout rates, kept so a written config trains like the original; the forward pass is the eval one. */
  hiddenDropoutProb: number;
  attentionProbsDropoutProb: number;
  classifierDropout: number | null;
}

/** Keys `normalizeBertConfig` reads or checks, and those it ignores. */
const KEYS = {
  read: [
    'model_type', 'architectures', 'vocab_size', 'hidden_size', 'num_hidden_layers', 'num_attention_heads', 'intermediate_size',
    'hidden_act', 'hidden_dropout_prob', 'attention_probs_dropout_prob', 'classifier_dropout', 'max_position_embeddings',
    'type_vocab_size', 'initializer_range', 'layer_norm_eps', 'pad_token_id', 'position_embedding_type', 'num_labels', 'id2label',
    'label2id', 'is_decoder', 'add_cross_attention', 'tie_word_embeddings', 'pruned_heads',
  ],
  // The KV cache (decoders only) and gradient checkpointing change nothing in an eval forward pass.
  ignored: [...HF_BOOKKEEPING_KEYS, ...HF_GENERATION_KEYS, 'use_cache', 'gradient_checkpointing'],
};

/** `transformers`' `BertConfig` defaults, for keys a config leaves out, as `from_pretrained` does (`num_labels`: see `readLabelNames`). */
const HF_DEFAULTS = {
  vocab_size: 30522,
  hidden_size: 768,
  num_hidden_layers: 12,
  num_attention_heads: 12,
  intermediate_size: 3072,
  hidden_act: 'gelu',
  hidden_dropout_prob: 0.1,
  attention_probs_dropout_prob: 0.1,
  max_position_embeddings: 512,
  type_vocab_size: 2,
  initializer_range: 0.02,
  layer_norm_eps: 1e-12,
  pad_token_id: 0,
};

/** Which head `architectures` names: exactly one of the supported classes. */
function headOf(json: ConfigJson): BertHead {
  const architectures = json.architectures;
  const heads = (Object.keys(BERT_ARCHITECTURES) as BertHead[]).filter((head) => Array.isArray(architectures) && architectures.includes(BERT_ARCHITECTURES[head]));
  if (heads.length !== 1) {
    refuseConfig('architectures', `expected a list naming one of ${Object.values(BERT_ARCHITECTURES).join(', ')} (it decides the head), got ${JSON.stringify(architectures)}`);
  }
  return heads[0];
}

/** Options of `transformers`' BERT this implementation does not compute: each is refused, naming its key. */
function refuseUnsupported(json: ConfigJson, head: BertHead): void {
  const embedding = json.position_embedding_type ?? 'absolute';
  if (embedding !== 'absolute') refuseConfig('position_embedding_type', `${JSON.stringify(embedding)} is not supported; only "absolute" position embeddings are`);
  if (json.is_decoder !== undefined && json.is_decoder !== false) refuseConfig('is_decoder', `a decoder (causal attention) is not supported, got ${JSON.stringify(json.is_decoder)}`);
  if (json.add_cross_attention !== undefined && json.add_cross_attention !== false) {
    refuseConfig('add_cross_attention', `cross-attention is not supported, got ${JSON.stringify(json.add_cross_attention)}`);
  }
  if (BERT_HEADS[head].maskedLm && json.tie_word_embeddings !== undefined && json.tie_word_embeddings !== true) {
    refuseConfig('tie_word_embeddings', `an untied masked-LM decoder is not supported, got ${JSON.stringify(json.tie_word_embeddings)}`);
  }
  refusePrunedHeads(json);
}

/**
 * Reads a HuggingFace BERT `config.json` (`model_type: "bert"`). Keys left out take
 * `transformers`' defaults; unknown keys and options this implementation cannot honour are
 * errors naming the key. Dropout rates are accepted at any valid value (eval forward pass).
 */
export function normalizeBertConfig(json: ConfigJson): BertConfig {
  checkKnownKeys(json, KEYS, 'a BERT');
  checkModelClass(json, BERT_MODEL_TYPE);
  const head = headOf(json);
  refuseUnsupported(json, head);
  const read = new ConfigReader(json, HF_DEFAULTS);
  const hiddenAct = read.oneOf('hidden_act', BERT_ACTIVATIONS);
  const hiddenSize = read.positiveInteger('hidden_size');
  const numHeads = read.positiveInteger('num_attention_heads');
  if (hiddenSize % numHeads !== 0) refuseConfig('hidden_size', `${hiddenSize} is not divisible by num_attention_heads (${numHeads})`);
  const classifierDropout = json.classifier_dropout ?? null;
  if (classifierDropout !== null && !(typeof classifierDropout === 'number' && classifierDropout >= 0 && classifierDropout <= 1)) {
    refuseConfig('classifier_dropout', `expected null or a probability in [0, 1], got ${JSON.stringify(classifierDropout)}`);
  }
  const names = readLabelNames(json);
  if (head === 'qa' && names.length !== 2) refuseConfig('num_labels', `BertForQuestionAnswering splits its outputs into start and end logits: expected 2 labels, got ${names.length}`);
  const vocabSize = read.positiveInteger('vocab_size');
  const padTokenId = read.nonNegativeInteger('pad_token_id');
  if (padTokenId >= vocabSize) refuseConfig('pad_token_id', `${padTokenId} is not a token id: vocab_size is ${vocabSize}`);
  return {
    head,
    vocabSize,
    hiddenSize,
    numLayers: read.positiveInteger('num_hidden_layers'),
    numHeads,
    intermediateSize: read.positiveInteger('intermediate_size'),
    hiddenAct,
    maxPositions: read.positiveInteger('max_position_embeddings'),
    typeVocabSize: read.positiveInteger('type_vocab_size'),
    layerNormEps: read.positiveNumber('layer_norm_eps'),
    labelNames: names,
    numLabels: names.length,
    padTokenId,
    initializerRange: read.nonNegativeNumber('initializer_range'),
    hiddenDropoutProb: read.probability('hidden_dropout_prob'),
    attentionProbsDropoutProb: read.probability('attention_probs_dropout_prob'),
    classifierDropout: classifierDropout as number | null,
  };
}

/**
 * The `config.json` `from_pretrained` loads for this config, keys sorted as `transformers`
 * writes them. `extras` adds keys (e.g. `transformers_version`); it may not replace one.
 */
export function bertConfigJson(config: BertConfig, extras: ConfigJson = {}): Record<string, unknown> {
  const json: Record<string, unknown> = {
    architectures: [BERT_ARCHITECTURES[config.head]],
    attention_probs_dropout_prob: config.attentionProbsDropoutProb,
    classifier_dropout: config.classifierDropout,
    dtype: 'float32',
    hidden_act: config.hiddenAct,
    hidden_dropout_prob: config.hiddenDropoutProb,
    hidden_size: config.hiddenSize,
    ...labelsJson(config.labelNames),
    initializer_range: config.initializerRange,
    intermediate_size: config.intermediateSize,
    layer_norm_eps: config.layerNormEps,
    max_position_embeddings: config.maxPositions,
    model_type: BERT_MODEL_TYPE,
    num_attention_heads: config.numHeads,
    num_hidden_layers: config.numLayers,
    pad_token_id: config.padTokenId,
    position_embedding_type: 'absolute',
    type_vocab_size: config.typeVocabSize,
    use_cache: true,
    vocab_size: config.vocabSize,
  };
  withExtras(json, extras);
  return Object.fromEntries(Object.keys(json).sort().map((key) => [key, json[key]]));
}

export function headSize(config: Pick<BertConfig, 'hiddenSize' | 'numHeads'>): number {
  return config.hiddenSize / config.numHeads;
}
