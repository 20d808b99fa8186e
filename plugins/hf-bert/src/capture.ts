import * as tf from '@tensorflow/tfjs';
import { FusionError, selectRows } from '@otfuse/core';
import { BertCaptureOptions } from './capture-options';
import { BertConfig } from './config';
import { HostInputs } from './inputs';
import {
  BERT_CLASSIFIER,
  BERT_EMBEDDINGS,
  BERT_EMBEDDINGS_LAYERNORM,
  BERT_ENCODER,
  BERT_LAYER_PARTS,
  BERT_POOLER,
  BERT_POOLER_ACTIVATION,
  BERT_POOLER_DENSE,
  BERT_POSITION_EMBEDDINGS,
  BERT_TOKEN_TYPE_EMBEDDINGS,
  BERT_WORD_EMBEDDINGS,
  MLM_DECODER,
  MLM_HEAD,
  MLM_PREDICTIONS,
  MLM_TRANSFORM,
  MLM_TRANSFORM_ACT,
  MLM_TRANSFORM_DENSE,
  MLM_TRANSFORM_LAYERNORM,
  bertLayerKey,
} from './names';
import { keptRows } from './token-filters';

/** The module names each forward stage can capture, in execution order (see `bertStages`). */
export function bertStageKeys(config: BertConfig): { embeddings: string[]; layers: string[][]; head: string[] } {
  const head =
    config.head === 'seqcls'
      ? [BERT_ENCODER, BERT_POOLER_DENSE, BERT_POOLER_ACTIVATION, BERT_POOLER, BERT_CLASSIFIER]
      : [BERT_ENCODER, MLM_TRANSFORM_DENSE, MLM_TRANSFORM_ACT, MLM_TRANSFORM_LAYERNORM, MLM_TRANSFORM, MLM_DECODER, MLM_PREDICTIONS, MLM_HEAD];
  return {
    embeddings: [BERT_WORD_EMBEDDINGS, BERT_POSITION_EMBEDDINGS, BERT_TOKEN_TYPE_EMBEDDINGS, BERT_EMBEDDINGS_LAYERNORM, BERT_EMBEDDINGS],
    layers: Array.from({ length: config.numLayers }, (_, i) => [...BERT_LAYER_PARTS.map((part) => bertLayerKey(i, part)), bertLayerKey(i)]),
    head,
  };
}

/** Every module name the forward pass can capture, in execution order. */
export function bertCaptureKeys(config: BertConfig): string[] {
  const { embeddings, layers, head } = bertStageKeys(config);
  return [...embeddings, ...layers.flat(), ...head];
}

/** Throws MISSING_ACTIVATION for a requested key that is not a module of this BERT. */
export function checkCaptureKeys(config: BertConfig, keys: readonly string[]): void {
  const known = new Set(bertCaptureKeys(config));
  const unknown = keys.find((key) => !known.has(key));
  if (unknown !== undefined) {
    const { embeddings, head } = bertStageKeys(config);
    throw new FusionError(
      'MISSING_ACTIVATION',
      `cannot capture '${unknown}': not a module of this ${config.head === 'mlm' ? 'BertForMaskedLM' : 'BertForSequenceClassification'}; capturable: ` +
        `${embeddings.join(', ')}, bert.encoder.layer.<0…${config.numLayers - 1}> and its parts (${BERT_LAYER_PARTS.join(', ')}), ${head.join(', ')}`,
    );
  }
}

/**
 * Collects the requested module outputs of one forward stage as `[rows, features]` matrices.
 * Token outputs keep the rows the token filter selects; the filter is evaluated once per stage
 * and batch, from the inputs, so every key of the stage has the same rows.
 */
export class ActivationRecorder {
  readonly activations = new Map<string, tf.Tensor2D>();
  private rows: Int32Array | undefined;
  /** `intermediate.dense` is described before the activation. */
  get preActivation(): boolean {
    return this.options.preActivation;
  }

  constructor(
    private readonly wanted: ReadonlySet<string>,
    private readonly options: BertCaptureOptions,
    private readonly inputs: () => HostInputs,
  ) {}

  /** Records `x [batch·length, features]` (one row per token, in token order) under each wanted key. */
  tokens(keys: readonly string[], x: tf.Tensor2D): void {
    const wanted = keys.filter((key) => this.wanted.has(key));
    if (wanted.length === 0) return;
    if (this.options.filter.kind === 'all_positions') {
      for (const key of wanted) this.activations.set(key, tf.clone(x));
      return;
    }
    this.rows ??= keptRows(this.options.filter, this.inputs(), this.options.seed);
    const selected = selectRows(x, this.rows);
    wanted.forEach((key, i) => this.activations.set(key, i === 0 ? selected : tf.clone(selected)));
  }

  /** Records an output that is not one row per token (the pooler, the logits, attention probabilities) as it is. */
  whole(keys: readonly string[], x: tf.Tensor2D): void {
    for (const key of keys) if (this.wanted.has(key)) this.activations.set(key, tf.clone(x));
  }
}
