import * as tf from '@tensorflow/tfjs';
import { ActivationRecorder, LayerStackKeys, selectRows } from '@otfuse/core';
import { BertCaptureOptions } from './capture-options';
import { BertConfig } from './config';
import { bertHead } from './heads';
import { HostInputs } from './inputs';
import {
  BERT_EMBEDDINGS,
  BERT_EMBEDDINGS_LAYERNORM,
  BERT_ENCODER,
  BERT_LAYER,
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
} from './names';
import { keptRows } from './token-filters';

/** The module names each forward stage can capture, in execution order (see `bertStages`). */
export function bertStageKeys(config: BertConfig): LayerStackKeys {
  return new LayerStackKeys({
    embeddings: [BERT_WORD_EMBEDDINGS, BERT_POSITION_EMBEDDINGS, BERT_TOKEN_TYPE_EMBEDDINGS, BERT_EMBEDDINGS_LAYERNORM, BERT_EMBEDDINGS],
    layer: BERT_LAYER,
    parts: BERT_LAYER_PARTS,
    count: config.numLayers,
    head: [BERT_ENCODER, ...headKeys(config)],
  });
}

/** What the head's parts record, in execution order (see `headOutputs`). */
function headKeys(config: BertConfig): string[] {
  const head = bertHead(config);
  const pooler = head.pooler ? [BERT_POOLER_DENSE, BERT_POOLER_ACTIVATION, BERT_POOLER] : [];
  const outputs = head.outputs.map((layer) => layer.module);
  // In BertForPreTraining `cls` also holds the next-sentence head: it names the predictions only in BertForMaskedLM.
  const maskedLm = head.maskedLm ? [MLM_TRANSFORM_DENSE, MLM_TRANSFORM_ACT, MLM_TRANSFORM_LAYERNORM, MLM_TRANSFORM, MLM_DECODER, MLM_PREDICTIONS, ...(config.head === 'mlm' ? [MLM_HEAD] : [])] : [];
  return [...pooler, ...outputs, ...maskedLm];
}

/** Every module name the forward pass can capture, in execution order. */
export const bertCaptureKeys = (config: BertConfig) => bertStageKeys(config).all();

/**
 * Records token outputs as the rows the token filter keeps. The filter is evaluated once per
 * stage and batch, from the inputs, so every key of the stage has the same rows.
 */
export class TokenRecorder extends ActivationRecorder {
  private rows: Int32Array | undefined;

  constructor(
    wanted: ReadonlySet<string>,
    private readonly options: BertCaptureOptions,
    private readonly inputs: () => HostInputs,
  ) {
    super(wanted);
  }

  /** `intermediate.dense` is described before the activation. */
  get preActivation(): boolean {
    return this.options.preActivation;
  }

  /** Records `x [batch·length, features]` (one row per token, in token order) under each wanted key. */
  tokens(keys: readonly string[], x: tf.Tensor2D): void {
    if (this.options.filter.kind === 'all_positions') return this.output(keys, x);
    this.output(keys, x, (t) => selectRows(t as tf.Tensor2D, (this.rows ??= keptRows(this.options.filter, this.inputs(), this.options.seed))));
  }
}
