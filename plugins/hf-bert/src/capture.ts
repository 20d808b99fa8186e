import * as tf from '@tensorflow/tfjs';
import { ActivationRecorder, LayerStackKeys, selectRows } from '@otfuse/core';
import { BertCaptureOptions } from './capture-options';
import { BertConfig, EncoderConfig } from './config';
import { EncoderFamily } from './family';
import { BERT } from './families/bert';
import { headSpec } from './heads';
import { HostInputs } from './inputs';
import { layerParts, pointNames } from './names';
import { keptRows } from './token-filters';

/** The module names each forward stage can capture, in execution order (see `encoderStages`). */
export function encoderStageKeys(family: EncoderFamily, config: EncoderConfig): LayerStackKeys {
  const { word, position, tokenType, norm, module } = family.embeddings;
  return new LayerStackKeys({
    embeddings: [word, position, ...(tokenType === undefined ? [] : [tokenType]), norm, module],
    layer: family.layer,
    parts: layerParts(family.block),
    count: config.numLayers,
    head: [family.encoder, ...headKeys(family, config)],
  });
}

/** What the head's parts record, in execution order (see `headOutputs`). */
function headKeys(family: EncoderFamily, config: EncoderConfig): string[] {
  const { pooler, maskedLm, outputs } = headSpec(family, config);
  const pooled = pooler ? [pooler.dense, ...pooler.activated] : [];
  const layers = outputs.flatMap((layer) => pointNames(layer));
  const lm = maskedLm ? [maskedLm.dense, ...maskedLm.activated, ...pointNames(maskedLm.norm), maskedLm.decoder, ...maskedLm.logits] : [];
  return [...pooled, ...layers, ...lm];
}

/** Every module name the forward pass can capture, in execution order. */
export const encoderCaptureKeys = (family: EncoderFamily, config: EncoderConfig) => encoderStageKeys(family, config).all();

export const bertStageKeys = (config: BertConfig) => encoderStageKeys(BERT, config);
export const bertCaptureKeys = (config: BertConfig) => encoderCaptureKeys(BERT, config);

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
