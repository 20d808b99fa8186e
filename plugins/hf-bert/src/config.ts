import { FusionError } from '@otfuse/core';

export const BERT_MODEL_TYPE = 'bert';
/** The HuggingFace classes this plugin reads and writes, by head. */
export const BERT_ARCHITECTURES = { mlm: 'BertForMaskedLM', seqcls: 'BertForSequenceClassification' } as const;
export type BertHead = keyof typeof BERT_ARCHITECTURES;
/** `gelu` is the exact, erf-based GELU; `gelu_new` the tanh approximation; `relu` max(0, x). */
export const BERT_ACTIVATIONS = ['gelu', 'gelu_new', 'relu'] as const;
export type BertActivation = (typeof BERT_ACTIVATIONS)[number];

/** A `BertForMaskedLM` (tied decoder) or `BertForSequenceClassification` with absolute positions. */
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
  /** Class names by label index (`id2label`), `LABEL_<i>` when the config has none; only the classifier uses them. */
  labelNames: string[];
  numLabels: number;
  padTokenId: number;
  initializerRange: number;
  /** Dropout rates, kept so a written config trains like the original; the forward pass is the eval one. */
  hiddenDropoutProb: number;
  attentionProbsDropoutProb: number;
  classifierDropout: number | null;
}

/** Keys `normalizeBertConfig` reads or checks. */
const READ_KEYS = [
  'model_type', 'architectures', 'vocab_size', 'hidden_size', 'num_hidden_layers', 'num_attention_heads', 'intermediate_size',
  'hidden_act', 'hidden_dropout_prob', 'attention_probs_dropout_prob', 'classifier_dropout', 'max_position_embeddings',
  'type_vocab_size', 'initializer_range', 'layer_norm_eps', 'pad_token_id', 'position_embedding_type', 'num_labels', 'id2label',
  'label2id', 'is_decoder', 'add_cross_attention', 'tie_word_embeddings', 'pruned_heads',
];

/**
 * HuggingFace keys that change neither the weights nor the eval outputs of these two classes:
 * dtype and version stamps, output flags, the attention kernel choice, the KV cache (decoders
 * only), feed-forward chunking (the same numbers in pieces), and generation defaults.
 */
const IGNORED_KEYS = [
  'use_cache', 'gradient_checkpointing', 'torch_dtype', 'dtype', 'transformers_version', '_name_or_path', 'problem_type',
  'output_hidden_states', 'output_attentions', 'return_dict', 'torchscript', 'use_bfloat16', 'tf_legacy_loss',
  'chunk_size_feed_forward', 'is_encoder_decoder', 'tie_encoder_decoder', 'cross_attention_hidden_size', 'finetuning_task',
  'tokenizer_class', 'prefix', 'bos_token_id', 'eos_token_id', 'sep_token_id', 'decoder_start_token_id',
  'task_specific_params', 'attn_implementation', '_attn_implementation', '_attn_implementation_autoset', 'max_length',
  'min_length', 'do_sample', 'early_stopping', 'num_beams', 'num_beam_groups', 'diversity_penalty', 'temperature', 'top_k',
  'top_p', 'typical_p', 'repetition_penalty', 'length_penalty', 'no_repeat_ngram_size', 'encoder_no_repeat_ngram_size',
  'bad_words_ids', 'num_return_sequences', 'output_scores', 'return_dict_in_generate', 'forced_bos_token_id',
  'forced_eos_token_id', 'remove_invalid_values', 'exponential_decay_length_penalty', 'suppress_tokens', 'begin_suppress_tokens',
];

const KNOWN_KEYS = new Set([...READ_KEYS, ...IGNORED_KEYS]);

/** `transformers`' `BertConfig` defaults, for keys a config leaves out, as `from_pretrained` does. */
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
  num_labels: 2,
} as const;

type Json = Readonly<Record<string, unknown>>;

function bad(key: string, detail: string): never {
  throw new FusionError('BAD_OPTION', detail, ['config.json', key]);
}

function integer(json: Json, key: keyof typeof HF_DEFAULTS, min: number): number {
  const value = json[key] ?? HF_DEFAULTS[key];
  if (!Number.isInteger(value) || (value as number) < min) {
    bad(key, `expected ${min === 1 ? 'a positive' : 'a non-negative'} integer, got ${JSON.stringify(value)}`);
  }
  return value as number;
}

function numberIn(json: Json, key: keyof typeof HF_DEFAULTS, accepts: (v: number) => boolean, expected: string): number {
  const value = json[key] ?? HF_DEFAULTS[key];
  if (typeof value !== 'number' || !accepts(value)) bad(key, `expected ${expected}, got ${JSON.stringify(value)}`);
  return value;
}

const isProbability = (v: number) => v >= 0 && v <= 1;

/** Which head `architectures` names: exactly one of the two supported classes. */
function headOf(json: Json): BertHead {
  const architectures = json.architectures;
  const heads = (Object.keys(BERT_ARCHITECTURES) as BertHead[]).filter((head) => Array.isArray(architectures) && architectures.includes(BERT_ARCHITECTURES[head]));
  if (heads.length !== 1) {
    bad('architectures', `expected a list naming one of ${Object.values(BERT_ARCHITECTURES).join(', ')} (it decides the head), got ${JSON.stringify(architectures)}`);
  }
  return heads[0];
}

/** Label names from `id2label` (keys exactly "0" … "n-1"), checked against `num_labels`. */
function labelNames(json: Json): string[] {
  const id2label = json.id2label;
  if (id2label === undefined || id2label === null) {
    return Array.from({ length: integer(json, 'num_labels', 1) }, (_, i) => `LABEL_${i}`);
  }
  if (typeof id2label !== 'object' || Array.isArray(id2label)) bad('id2label', `expected an object {"0": name, …}, got ${JSON.stringify(id2label)}`);
  const entries = Object.entries(id2label as Record<string, unknown>);
  if (entries.length === 0) bad('id2label', 'expected at least one label');
  const names = new Array<string>(entries.length);
  for (const [id, label] of entries) {
    if (!/^(0|[1-9]\d*)$/.test(id) || Number(id) >= entries.length) bad(`id2label.${id}`, `expected label ids 0 … ${entries.length - 1}, got "${id}"`);
    if (typeof label !== 'string') bad(`id2label.${id}`, `expected a label name, got ${JSON.stringify(label)}`);
    names[Number(id)] = label as string;
  }
  if (json.num_labels !== undefined && json.num_labels !== entries.length) {
    bad('num_labels', `${JSON.stringify(json.num_labels)} disagrees with id2label, which names ${entries.length} labels`);
  }
  return names;
}

/** Options of `transformers`' BERT this implementation does not compute: each is refused, naming its key. */
function refuseUnsupported(json: Json, head: BertHead): void {
  const embedding = json.position_embedding_type ?? 'absolute';
  if (embedding !== 'absolute') bad('position_embedding_type', `${JSON.stringify(embedding)} is not supported; only "absolute" position embeddings are`);
  if (json.is_decoder !== undefined && json.is_decoder !== false) bad('is_decoder', `a decoder (causal attention) is not supported, got ${JSON.stringify(json.is_decoder)}`);
  if (json.add_cross_attention !== undefined && json.add_cross_attention !== false) {
    bad('add_cross_attention', `cross-attention is not supported, got ${JSON.stringify(json.add_cross_attention)}`);
  }
  if (head === 'mlm' && json.tie_word_embeddings !== undefined && json.tie_word_embeddings !== true) {
    bad('tie_word_embeddings', `an untied masked-LM decoder is not supported, got ${JSON.stringify(json.tie_word_embeddings)}`);
  }
  const pruned = json.pruned_heads;
  if (pruned !== undefined && !(typeof pruned === 'object' && pruned !== null && Object.keys(pruned).length === 0)) {
    bad('pruned_heads', `pruned attention heads are not supported, got ${JSON.stringify(pruned)}`);
  }
  if (json.label2id !== undefined && (typeof json.label2id !== 'object' || json.label2id === null)) {
    bad('label2id', `expected an object {name: id, …}, got ${JSON.stringify(json.label2id)}`);
  }
}

/**
 * Reads a HuggingFace BERT `config.json` (`model_type: "bert"`). Keys left out take
 * `transformers`' defaults; unknown keys and options this implementation cannot honour are
 * errors naming the key. Dropout rates are accepted at any valid value (eval forward pass).
 */
export function normalizeBertConfig(json: Json): BertConfig {
  for (const key of Object.keys(json)) {
    if (!KNOWN_KEYS.has(key)) bad(key, `unknown key; a BERT config.json is read from ${READ_KEYS.join(', ')} (plus HuggingFace's bookkeeping keys)`);
  }
  if (json.model_type !== BERT_MODEL_TYPE) bad('model_type', `expected '${BERT_MODEL_TYPE}', got ${JSON.stringify(json.model_type)}`);
  const head = headOf(json);
  refuseUnsupported(json, head);
  const hiddenAct = json.hidden_act ?? HF_DEFAULTS.hidden_act;
  if (!BERT_ACTIVATIONS.includes(hiddenAct as BertActivation)) bad('hidden_act', `${JSON.stringify(hiddenAct)} is not supported; supported: ${BERT_ACTIVATIONS.join(', ')}`);
  const hiddenSize = integer(json, 'hidden_size', 1);
  const numHeads = integer(json, 'num_attention_heads', 1);
  if (hiddenSize % numHeads !== 0) bad('hidden_size', `${hiddenSize} is not divisible by num_attention_heads (${numHeads})`);
  const classifierDropout = json.classifier_dropout ?? null;
  if (classifierDropout !== null && !(typeof classifierDropout === 'number' && isProbability(classifierDropout))) {
    bad('classifier_dropout', `expected null or a probability in [0, 1], got ${JSON.stringify(classifierDropout)}`);
  }
  const names = labelNames(json);
  const vocabSize = integer(json, 'vocab_size', 1);
  const padTokenId = integer(json, 'pad_token_id', 0);
  if (padTokenId >= vocabSize) bad('pad_token_id', `${padTokenId} is not a token id: vocab_size is ${vocabSize}`);
  return {
    head,
    vocabSize,
    hiddenSize,
    numLayers: integer(json, 'num_hidden_layers', 1),
    numHeads,
    intermediateSize: integer(json, 'intermediate_size', 1),
    hiddenAct: hiddenAct as BertActivation,
    maxPositions: integer(json, 'max_position_embeddings', 1),
    typeVocabSize: integer(json, 'type_vocab_size', 1),
    layerNormEps: numberIn(json, 'layer_norm_eps', (v) => v > 0 && Number.isFinite(v), 'a positive number'),
    labelNames: names,
    numLabels: names.length,
    padTokenId,
    initializerRange: numberIn(json, 'initializer_range', (v) => v >= 0 && Number.isFinite(v), 'a non-negative number'),
    hiddenDropoutProb: numberIn(json, 'hidden_dropout_prob', isProbability, 'a probability in [0, 1]'),
    attentionProbsDropoutProb: numberIn(json, 'attention_probs_dropout_prob', isProbability, 'a probability in [0, 1]'),
    classifierDropout: classifierDropout as number | null,
  };
}

/**
 * The `config.json` `from_pretrained` loads for this config, keys sorted as `transformers`
 * writes them. `extras` adds keys (e.g. `transformers_version`); it may not replace one.
 */
export function bertConfigJson(config: BertConfig, extras: Json = {}): Record<string, unknown> {
  const json: Record<string, unknown> = {
    architectures: [BERT_ARCHITECTURES[config.head]],
    attention_probs_dropout_prob: config.attentionProbsDropoutProb,
    classifier_dropout: config.classifierDropout,
    dtype: 'float32',
    hidden_act: config.hiddenAct,
    hidden_dropout_prob: config.hiddenDropoutProb,
    hidden_size: config.hiddenSize,
    id2label: Object.fromEntries(config.labelNames.map((label, i) => [String(i), label])),
    initializer_range: config.initializerRange,
    intermediate_size: config.intermediateSize,
    label2id: Object.fromEntries(config.labelNames.map((label, i) => [label, i])),
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
  for (const [key, value] of Object.entries(extras)) {
    if (key in json) throw new FusionError('BAD_OPTION', `extras may only add keys; '${key}' is written from the model config`, ['config.json', key]);
    json[key] = value;
  }
  return Object.fromEntries(Object.keys(json).sort().map((key) => [key, json[key]]));
}

export function headSize(config: Pick<BertConfig, 'hiddenSize' | 'numHeads'>): number {
  return config.hiddenSize / config.numHeads;
}
