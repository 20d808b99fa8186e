import * as tf from '@tensorflow/tfjs';
import { FusionError } from '../errors';
import { hostScope } from './host-scope';
import { hostTensor2d } from './host-tensor';
import { NeuronDescriptions, descriptionsOf } from './map-solver';
import { normaliseColumns, normalisedFeatureRows } from './normalised-columns';
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
 * One normalisation per activation matrix (see `normaliseColumns`), computed on the host; the
 * result is a host-backed tensor (see `hostTensor2d`), so a large matrix never enters the
 * WebAssembly heap unless a tfjs kernel reads it.
 */
export function preprocessActivations(acts: tf.Tensor2D, options: ActivationOptions): tf.Tensor2D {
  const [rows, features] = acts.shape;
  return hostTensor2d(normaliseColumns(acts.dataSync() as Float32Array, rows, features, options, 'rows'), rows, features);
}

/**
 * Neuron descriptions of the aligned model and the anchor from their `[rows, features]`
 * activations: each preprocessed and transposed to one row per neuron on the host (store-held
 * activations are read in place), with the rows' squared norms for the ground cost, then
 * optionally reduced by the anchor's principal components.
 */
export function describeActivationPair(model: tf.Tensor2D, anchor: tf.Tensor2D, options: ActivationOptions, label: string): [NeuronDescriptions, NeuronDescriptions] {
  const describe = (acts: tf.Tensor2D): NeuronDescriptions => {
    const [rows, features] = acts.shape;
    const { data, squaredNorms } = normalisedFeatureRows(acts.dataSync() as Float32Array, rows, features, options);
    return { count: features, dim: rows, data, squaredNorms };
  };
  return reduced(describe(model), describe(anchor), options, label);
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
  return reduced(d0, d1, options, label);
}

/** The descriptions as they are, or projected on the anchor's top `pcaK` principal components. */
function reduced(d0: NeuronDescriptions, d1: NeuronDescriptions, options: ActivationOptions, label: string): [NeuronDescriptions, NeuronDescriptions] {
  return options.pcaK ? projectOnAnchorComponents(d0, d1, options.pcaK, label) : [d0, d1];
}
