import * as tf from '@tensorflow/tfjs';
import { FusionError } from '../errors';
import { hostScope } from './host-scope';
import { NeuronDescriptions, descriptionsOf } from './map-solver';
import { ActivationOptions } from './options';
import { projectOnAnchorComponents } from './pca';

/**
 * Captured activations, one `[rows, features]` matrix per key and model. The store owns the
 * tensors; the engine releases each key after its last consumer.
 */
export interface ActivationStore {
  get(model: number, key: string): tf.Tensor2D;
  release(key: string): void;
  dispose(): void;
}

export class CapturedActivations implements ActivationStore {
  constructor(private readonly perModel: Map<string, tf.Tensor2D>[]) {}

  get(model: number, key: string): tf.Tensor2D {
    const found = this.perModel[model]?.get(key);
    if (!found) {
      const known = [...(this.perModel[model]?.keys() ?? [])].join(', ') || 'none';
      throw new FusionError('MISSING_ACTIVATION', `no activation '${key}' was captured for model ${model} (captured: ${known})`);
    }
    return found;
  }

  release(key: string): void {
    for (const acts of this.perModel) {
      acts.get(key)?.dispose();
      acts.delete(key);
    }
  }

  dispose(): void {
    for (const acts of this.perModel) {
      for (const t of acts.values()) t.dispose();
      acts.clear();
    }
  }
}

/**
 * One normalisation per activation matrix, the first that applies: `std` (unbiased, +1e-9),
 * else `center`, else `norm` (unit L2 norm per feature column).
 */
export function preprocessActivations(acts: tf.Tensor2D, options: ActivationOptions): tf.Tensor2D {
  return tf.tidy(() => {
    const rows = acts.shape[0];
    if (options.std || options.center) {
      const centred = tf.sub(acts, tf.mean(acts, 0, true));
      if (!options.std) return centred as tf.Tensor2D;
      const variance = tf.div(tf.sum(tf.square(centred), 0, true), Math.max(rows - 1, 1));
      return tf.div(centred, tf.add(tf.sqrt(variance), 1e-9)) as tf.Tensor2D;
    }
    if (options.norm) {
      const norms = tf.sqrt(tf.sum(tf.square(acts), 0, true));
      return tf.div(acts, tf.maximum(norms, 1e-12)) as tf.Tensor2D;
    }
    return tf.clone(acts);
  });
}

/**
 * Neuron descriptions of the aligned model and the anchor from their `[rows, features]`
 * activations: each preprocessed, transposed to one row per neuron, then optionally reduced by
 * the anchor's principal components.
 */
export function describeActivationPair(model: tf.Tensor2D, anchor: tf.Tensor2D, options: ActivationOptions, label: string): [NeuronDescriptions, NeuronDescriptions] {
  return describeCombinedActivations((acts) => acts(model), (acts) => acts(anchor), options, label);
}

/**
 * The same for activation matrices combined from several captured ones (e.g. Q and K stacked):
 * `build` receives a function that preprocesses one captured matrix, so each is normalised on
 * its own before combining, as the reference does.
 */
export function describeCombinedActivations(
  buildModel: (processed: (acts: tf.Tensor2D) => tf.Tensor2D) => tf.Tensor2D,
  buildAnchor: (processed: (acts: tf.Tensor2D) => tf.Tensor2D) => tf.Tensor2D,
  options: ActivationOptions,
  label: string,
): [NeuronDescriptions, NeuronDescriptions] {
  const processed = (acts: tf.Tensor2D) => preprocessActivations(acts, options);
  const [d0, d1] = [buildModel, buildAnchor].map((build) => hostScope(() => descriptionsOf(build(processed).transpose())));
  return options.pcaK ? projectOnAnchorComponents(d0, d1, options.pcaK, label) : [d0, d1];
}
