import * as tf from '@tensorflow/tfjs';
import { ActivationRecorder, LayerStackKeys, selectRows } from '@otfuse/core';
import { VisionConfig, VitConfig } from './config';
import { VisionFamily } from './family';
import { VIT } from './families/vit';
import { headSpec } from './heads';
import { VIT_LAYER_PARTS } from './names';
import { SeqFilter, visionKeptTokens } from './token-filters';

/** The module names each forward stage can capture, in execution order (see `visionStages`). */
export function visionStageKeys(family: VisionFamily, config: VisionConfig): LayerStackKeys {
  const { pooler, outputs } = headSpec(family, config);
  return new LayerStackKeys({
    embeddings: [family.embeddings.patches, family.embeddings.module],
    layer: family.layer,
    parts: VIT_LAYER_PARTS,
    count: config.numLayers,
    head: [family.encoder, family.finalNorm, family.model, ...(pooler ? [pooler.dense, ...pooler.activated] : []), ...outputs.map((layer) => layer.module)],
  });
}

/** Every module name the forward pass can capture, in execution order. */
export const visionCaptureKeys = (family: VisionFamily, config: VisionConfig) => visionStageKeys(family, config).all();

export const vitStageKeys = (config: VitConfig) => visionStageKeys(VIT, config);
export const vitCaptureKeys = (config: VitConfig) => visionCaptureKeys(VIT, config);

/** Records sequence outputs as one row per kept token, sample by sample. */
export class SequenceRecorder extends ActivationRecorder {
  constructor(
    private readonly family: VisionFamily,
    private readonly config: VisionConfig,
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
        const kept = visionKeptTokens(this.family, this.config, key, this.filter);
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
