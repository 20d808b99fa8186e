import * as tf from '@tensorflow/tfjs';
import { ActivationRecorder, LayerStackKeys, selectRows } from '@otfuse/core';
import { VitConfig } from './config';
import {
  VIT_CLASSIFIER,
  VIT_EMBEDDINGS,
  VIT_ENCODER,
  VIT_FINAL_LAYERNORM,
  VIT_LAYER,
  VIT_LAYER_PARTS,
  VIT_MODEL,
  VIT_PATCH_EMBEDDINGS,
  VIT_POOLER,
  VIT_POOLER_ACTIVATION,
  VIT_POOLER_DENSE,
} from './names';
import { SeqFilter, keptTokens } from './token-filters';

/** The module names each forward stage can capture, in execution order (see `vitStages`). */
export function vitStageKeys(config: VitConfig): LayerStackKeys {
  return new LayerStackKeys({
    embeddings: [VIT_PATCH_EMBEDDINGS, VIT_EMBEDDINGS],
    layer: VIT_LAYER,
    parts: VIT_LAYER_PARTS,
    count: config.numLayers,
    head: [VIT_ENCODER, VIT_FINAL_LAYERNORM, VIT_MODEL, ...(config.head === 'base' ? [VIT_POOLER_DENSE, VIT_POOLER_ACTIVATION, VIT_POOLER] : [VIT_CLASSIFIER])],
  });
}

/** Every module name the forward pass can capture, in execution order. */
export const vitCaptureKeys = (config: VitConfig) => vitStageKeys(config).all();

/** Records sequence outputs as one row per kept token, sample by sample. */
export class SequenceRecorder extends ActivationRecorder {
  constructor(
    private readonly config: VitConfig,
    wanted: ReadonlySet<string>,
    private readonly filter: SeqFilter,
  ) {
    super(wanted);
  }

  /**
   * Records `x [batch·tokens, features]` (a module's output in token order) under each of
   * `keys` the caller asked for, keeping the tokens the sequence filter selects for that key.
   */
  sequence(keys: readonly string[], x: tf.Tensor2D, batch: number): void {
    for (const key of keys) {
      this.output([key], x, (t) => {
        const kept = keptTokens(this.config, key, this.filter);
        return kept ? selectTokens(t as tf.Tensor2D, batch, kept) : (t as tf.Tensor2D);
      });
    }
  }
}

/** Rows of the kept token positions, sample-major: sample 0's kept tokens first (copied on the host, see `selectRows`). */
function selectTokens(x: tf.Tensor2D, batch: number, kept: readonly number[]): tf.Tensor2D {
  const tokens = x.shape[0] / batch;
  const rows = new Int32Array(batch * kept.length);
  for (let sample = 0; sample < batch; sample++) kept.forEach((token, i) => (rows[sample * kept.length + i] = sample * tokens + token));
  return selectRows(x, rows);
}
