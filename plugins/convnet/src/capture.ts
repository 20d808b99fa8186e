import * as tf from '@tensorflow/tfjs';
import { FusionError } from '@otfuse/core';

/** Throws MISSING_ACTIVATION for a requested key the model cannot capture. */
export function checkCaptureKeys(known: readonly string[], keys: readonly string[], model: string): void {
  const capturable = new Set(known);
  const unknown = keys.find((key) => !capturable.has(key));
  if (unknown !== undefined) {
    throw new FusionError('MISSING_ACTIVATION', `cannot capture '${unknown}': not a module of this ${model}; capturable: ${known.join(', ')}`);
  }
}

/**
 * Collects the requested module outputs of one forward stage as `[rows, channels]` matrices:
 * every spatial position of every sample is a row (sample-major, then row-major over the
 * feature map), so captures of consecutive batches concatenate into the capture of the set.
 */
export class ActivationRecorder {
  readonly activations = new Map<string, tf.Tensor2D>();

  constructor(private readonly wanted: ReadonlySet<string>) {}

  /** Records an NHWC feature map under each of `keys` that was asked for. */
  featureMap(keys: readonly string[], x: tf.Tensor4D): void {
    const channels = x.shape[3];
    // A reshape per key: each key's tensor is released on its own.
    for (const key of keys) if (this.wanted.has(key)) this.activations.set(key, tf.reshape(x, [-1, channels]));
  }

  /** Records a per-sample output `[batch, features]`. */
  rows(keys: readonly string[], x: tf.Tensor2D): void {
    for (const key of keys) if (this.wanted.has(key)) this.activations.set(key, tf.reshape(x, x.shape));
  }
}
