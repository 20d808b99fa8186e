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
import { ConfigKeys, ENCODER_ACTIVATIONS, EncoderActivation, EncoderFamily } from './family';
import { BERT } from './families/bert';
import { BertHead } from './heads';

export type { BertHead } from './heads';
export const BERT_MODEL_TYPE = BERT.config.modelType;
/** The HuggingFace classes of a family, by head. */
export const familyArchitectures = (family: EncoderFamily): Record<string, string> => Object.fromEntries(Object.entries(family.heads).map(([head, spec]) => [head, spec.architecture]));
/** The HuggingFace classes this plugin reads and writes as BERTs, by head. */
export const BERT_ARCHITECTURES = familyArchitectures(BERT) as Record<BertHead, string>;
export const BERT_ACTIVATIONS = ENCODER_ACTIVATIONS;
export type BertActivation = EncoderActivation;

/** An encoder of one family with absolute (or RoBERTa's) positions and one of the family's heads. */
export interface EncoderConfig {
  head: string;
  vocabSize: number;
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  intermediateSize: number;
  hiddenAct: EncoderActivation;
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
  /** The family's `carried` keys, as read (absent in a family without them). */
  carried?: Record<string, unknown>;
}

/** A BERT with one of the heads of `BERT_HEADS`. */
export interface BertConfig extends EncoderConfig {
  head: BertHead;
}

/** Which head `architectures` names: exactly one of the family's classes. */
function headOf(family: EncoderFamily, json: ConfigJson): string {
  const architectures = json.architectures;
  const classes = familyArchitectures(family);
  const heads = Object.keys(classes).filter((head) => Array.isArray(architectures) && architectures.includes(classes[head]));
  if (heads.length !== 1) {
    refuseConfig('architectures', `expected a list naming one of ${Object.values(classes).join(', ')} (it decides the head), got ${JSON.stringify(architectures)}`);
  }
  return heads[0];
}

/** Options of `transformers`' encoders this implementation does not compute: each is refused, naming its key. */
function refuseUnsupported(json: ConfigJson, family: EncoderFamily, head: string): void {
  const embedding = json.position_embedding_type ?? 'absolute';
  if (embedding !== 'absolute') refuseConfig('position_embedding_type', `${JSON.stringify(embedding)} is not supported; only "absolute" position embeddings are`);
  if (json.is_decoder !== undefined && json.is_decoder !== false) refuseConfig('is_decoder', `a decoder (causal attention) is not supported, got ${JSON.stringify(json.is_decoder)}`);
  if (json.add_cross_attention !== undefined && json.add_cross_attention !== false) {
    refuseConfig('add_cross_attention', `cross-attention is not supported, got ${JSON.stringify(json.add_cross_attention)}`);
  }
  if (family.heads[head].maskedLm && json.tie_word_embeddings !== undefined && json.tie_word_embeddings !== true) {
    refuseConfig('tie_word_embeddings', `an untied masked-LM decoder is not supported, got ${JSON.stringify(json.tie_word_embeddings)}`);
  }
  refusePrunedHeads(json);
}

/** The keys a family's config reads or checks, and those it ignores. */
function knownKeys(family: EncoderFamily) {
  const { keys, constants, carried, ignored } = family.config;
  return {
    read: [
      'model_type', 'architectures', ...Object.values(keys), ...Object.keys(constants), ...Object.keys(carried ?? {}),
      'num_labels', 'id2label', 'label2id', 'is_decoder', 'add_cross_attention', 'tie_word_embeddings', 'pruned_heads',
    ],
    ignored: [...HF_BOOKKEEPING_KEYS, ...HF_GENERATION_KEYS, ...(ignored ?? [])],
  };
}

/** A nullable probability: BERT's `classifier_dropout`. */
function nullableProbability(json: ConfigJson, key: string | undefined): number | null {
  const value = key === undefined ? null : (json[key] ?? null);
  if (value !== null && !(typeof value === 'number' && value >= 0 && value <= 1)) refuseConfig(key as string, `expected null or a probability in [0, 1], got ${JSON.stringify(value)}`);
  return value as number | null;
}

/**
 * Reads a HuggingFace `config.json` of the family (its `model_type`). Keys left out take
 * `transformers`' defaults; unknown keys and options this implementation cannot honour are
 * errors naming the key. Dropout rates are accepted at any valid value (eval forward pass).
 */
export function normalizeEncoderConfig(family: EncoderFamily, json: ConfigJson): EncoderConfig {
  const { keys, defaults, fixed, carried } = family.config;
  checkKnownKeys(json, knownKeys(family), family.label);
  checkModelClass(json, family.config.modelType);
  const head = headOf(family, json);
  refuseUnsupported(json, family, head);
  const read = new ConfigReader(json, defaults);
  const hiddenAct = read.oneOf(keys.hiddenAct, ENCODER_ACTIVATIONS);
  const hiddenSize = read.positiveInteger(keys.hiddenSize);
  const numHeads = read.positiveInteger(keys.numHeads);
  if (hiddenSize % numHeads !== 0) refuseConfig(keys.hiddenSize, `${hiddenSize} is not divisible by ${keys.numHeads} (${numHeads})`);
  const names = readLabelNames(json);
  const spec = family.heads[head];
  if (spec.task === 'span-qa' && names.length !== 2) refuseConfig('num_labels', `${spec.architecture} splits its outputs into start and end logits: expected 2 labels, got ${names.length}`);
  const vocabSize = read.positiveInteger(keys.vocabSize);
  const padTokenId = read.nonNegativeInteger(keys.padTokenId);
  if (padTokenId >= vocabSize) refuseConfig(keys.padTokenId, `${padTokenId} is not a token id: ${keys.vocabSize} is ${vocabSize}`);
  const optional = (key: keyof ConfigKeys, value: (key: string) => number, fallback: number | undefined) => {
    const name = keys[key];
    return name === undefined ? (fallback as number) : value(name);
  };
  return {
    head,
    vocabSize,
    hiddenSize,
    numLayers: read.positiveInteger(keys.numLayers),
    numHeads,
    intermediateSize: read.positiveInteger(keys.intermediateSize),
    hiddenAct,
    maxPositions: read.positiveInteger(keys.maxPositions),
    typeVocabSize: optional('typeVocabSize', (key) => read.positiveInteger(key), fixed?.typeVocabSize),
    layerNormEps: optional('layerNormEps', (key) => read.positiveNumber(key), fixed?.layerNormEps),
    labelNames: names,
    numLabels: names.length,
    padTokenId,
    initializerRange: read.nonNegativeNumber(keys.initializerRange),
    hiddenDropoutProb: read.probability(keys.hiddenDropoutProb),
    attentionProbsDropoutProb: read.probability(keys.attentionProbsDropoutProb),
    classifierDropout: nullableProbability(json, keys.classifierDropout),
    ...(carried === undefined ? {} : { carried: Object.fromEntries(Object.entries(carried).map(([key, value]) => [key, json[key] ?? value])) }),
  };
}

/**
 * The `config.json` `from_pretrained` loads for this config, keys sorted as `transformers`
 * writes them. `extras` adds keys (e.g. `transformers_version`); it may not replace one.
 */
export function encoderConfigJson(family: EncoderFamily, config: EncoderConfig, extras: ConfigJson = {}): Record<string, unknown> {
  const { keys, constants } = family.config;
  const fields = Object.entries(keys) as [keyof ConfigKeys, string][];
  const json: Record<string, unknown> = {
    architectures: [family.heads[config.head].architecture],
    model_type: family.config.modelType,
    ...constants,
    ...config.carried,
    ...Object.fromEntries(fields.map(([field, key]) => [key, config[field]])),
    ...labelsJson(config.labelNames),
  };
  withExtras(json, extras);
  return Object.fromEntries(Object.keys(json).sort().map((key) => [key, json[key]]));
}

/** Reads a HuggingFace BERT `config.json` (`model_type: "bert"`); see `normalizeEncoderConfig`. */
export const normalizeBertConfig = (json: ConfigJson): BertConfig => normalizeEncoderConfig(BERT, json) as BertConfig;

/** The `config.json` of a BERT; see `encoderConfigJson`. */
export const bertConfigJson = (config: BertConfig, extras: ConfigJson = {}): Record<string, unknown> => encoderConfigJson(BERT, config, extras);

export function headSize(config: Pick<EncoderConfig, 'hiddenSize' | 'numHeads'>): number {
  return config.hiddenSize / config.numHeads;
}
