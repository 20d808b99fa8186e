import * as tf from '@tensorflow/tfjs';
import { FusionError, selectRows } from '@otfuse/core';
import { VitConfig } from './config';
import {
  VIT_CLASSIFIER,
  VIT_EMBEDDINGS,
  VIT_ENCODER,
  VIT_FINAL_LAYERNORM,
  VIT_LAYER_PARTS,
  VIT_MODEL,
  VIT_PATCH_EMBEDDINGS,
  vitLayerKey,
} from './names';
import { SeqFilter, keptTokens } from './token-filters';

/** The module names each forward stage can capture, in execution order (see `vitStages`). */
export function vitStageKeys(config: VitConfig): { embeddings: string[]; layers: string[][]; head: string[] } {
  return {
    embeddings: [VIT_PATCH_EMBEDDINGS, VIT_EMBEDDINGS],
    layers: Array.from({ length: config.numLayers }, (_, i) => [...VIT_LAYER_PARTS.map((part) => vitLayerKey(i, part)), vitLayerKey(i)]),
    head: [VIT_ENCODER, VIT_FINAL_LAYERNORM, VIT_MODEL, VIT_CLASSIFIER],
  };
}

/** Every module name the forward pass can capture, in execution order. */
export function vitCaptureKeys(config: VitConfig): string[] {
  const { embeddings, layers, head } = vitStageKeys(config);
  return [...embeddings, ...layers.flat(), ...head];
}

/** Throws MISSING_ACTIVATION for a requested key that is not a module of this ViT. */
export function checkCaptureKeys(config: VitConfig, keys: readonly string[]): void {
  const known = new Set(vitCaptureKeys(config));
  for (const key of keys) {
    if (!known.has(key)) {
      throw new FusionError(
        'MISSING_ACTIVATION',
        `cannot capture '${key}': not a module of this ViT; capturable: ${VIT_PATCH_EMBEDDINGS}, ${VIT_EMBEDDINGS}, ` +
          `vit.encoder.layer.<0…${config.numLayers - 1}> and its parts (${VIT_LAYER_PARTS.join(', ')}), ${VIT_ENCODER}, ${VIT_FINAL_LAYERNORM}, ${VIT_MODEL}, ${VIT_CLASSIFIER}`,
      );
    }
  }
}

/**
 * Collects the requested module outputs of one forward stage as `[rows, features]` matrices.
 * Sequence outputs become one row per kept token, sample by sample.
 */
export class ActivationRecorder {
  readonly activations = new Map<string, tf.Tensor2D>();

  constructor(
    private readonly config: VitConfig,
    private readonly wanted: ReadonlySet<string>,
    private readonly filter: SeqFilter,
  ) {}

  /**
   * Records `x [batch·tokens, features]` (a module's output in token order) under each of
   * `keys` the caller asked for, keeping the tokens the sequence filter selects for that key.
   */
  sequence(keys: readonly string[], x: tf.Tensor2D, batch: number): void {
    for (const key of keys) {
      if (!this.wanted.has(key)) continue;
      const kept = keptTokens(this.config, key, this.filter);
      this.keep(key, kept ? selectTokens(x, batch, kept) : tf.clone(x));
    }
  }

  /** Records a per-sample output `[batch, features]` (the classifier's logits). */
  rows(key: string, x: tf.Tensor2D): void {
    if (this.wanted.has(key)) this.keep(key, tf.clone(x));
  }

  private keep(key: string, x: tf.Tensor2D): void {
    this.activations.set(key, x);
  }
}

/** Rows of the kept token positions, sample-major: sample 0's kept tokens first (copied on the host, see `selectRows`). */
function selectTokens(x: tf.Tensor2D, batch: number, kept: readonly number[]): tf.Tensor2D {
  const tokens = x.shape[0] / batch;
  const rows = new Int32Array(batch * kept.length);
  for (let sample = 0; sample < batch; sample++) kept.forEach((token, i) => (rows[sample * kept.length + i] = sample * tokens + token));
  return selectRows(x, rows);
}
