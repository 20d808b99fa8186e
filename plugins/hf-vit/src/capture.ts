import * as tf from '@tensorflow/tfjs';
import { CaptureRequest, FusionError } from '@otfuse/core';
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
import { SeqFilter, keptTokens, parseSeqFilter } from './token-filters';

/** Every module name the forward pass can capture, in execution order. */
export function vitCaptureKeys(config: VitConfig): string[] {
  const keys = [VIT_PATCH_EMBEDDINGS, VIT_EMBEDDINGS];
  for (let i = 0; i < config.numLayers; i++) keys.push(...VIT_LAYER_PARTS.map((part) => vitLayerKey(i, part)), vitLayerKey(i));
  keys.push(VIT_ENCODER, VIT_FINAL_LAYERNORM, VIT_MODEL, VIT_CLASSIFIER);
  return keys;
}

/**
 * Collects the requested module outputs during a forward pass, as `[rows, features]` matrices
 * the caller owns. Sequence outputs become one row per kept token, sample by sample.
 */
export class ActivationRecorder {
  readonly activations = new Map<string, tf.Tensor2D>();
  private readonly wanted: ReadonlySet<string>;
  private readonly filter: SeqFilter;

  constructor(
    private readonly config: VitConfig,
    capture: CaptureRequest | undefined,
  ) {
    this.wanted = new Set(capture?.keys ?? []);
    this.filter = parseSeqFilter(capture?.options?.seqFilter);
    if (this.wanted.size === 0) return;
    const known = new Set(vitCaptureKeys(config));
    for (const key of this.wanted) {
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

  /** Releases everything recorded so far (after a failed forward pass). */
  dispose(): void {
    for (const t of this.activations.values()) t.dispose();
    this.activations.clear();
  }

  private keep(key: string, x: tf.Tensor2D): void {
    this.activations.set(key, tf.keep(x));
  }
}

/** Rows of the kept token positions, sample-major: sample 0's kept tokens first. */
function selectTokens(x: tf.Tensor2D, batch: number, kept: readonly number[]): tf.Tensor2D {
  const features = x.shape[1];
  const perSample = tf.reshape(x, [batch, x.shape[0] / batch, features]);
  return tf.reshape(tf.gather(perSample, tf.tensor1d([...kept], 'int32'), 1), [batch * kept.length, features]);
}
