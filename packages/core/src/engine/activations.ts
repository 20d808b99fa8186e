import * as tf from '@tensorflow/tfjs';
import { FusionError } from '../errors';
import { hostTensor2d } from './host-tensor';
import type { NeuronDescriptions } from './map-solver';
import { normaliseColumns, normalisedFeatureRowsOfBlocks } from './normalised-columns';
import { ActivationOptions } from './options';
import { projectOnAnchorComponents } from './pca';
import type { Float32Allocator } from './step-scratch';

/** One captured activation matrix on the host, row-major `[rows, features]`, read in blocks of whole rows. */
export interface ActivationRows {
  rows: number;
  features: number;
  /**
   * The values in order, as consecutive blocks of whole rows: one block for a matrix held in
   * memory; a matrix waiting on disk is read block by block, each block valid until the next is
   * read, so the whole raw matrix is never in memory.
   */
  blocks(): Iterable<Float32Array>;
}

/** A matrix held in memory as the one block of its rows. */
export function rowsInMemory(values: Float32Array, rows: number, features: number): ActivationRows {
  return { rows, features, blocks: () => [values] };
}

/** Reads one captured matrix when called, so a caller can drop it as soon as it has read it. */
export type ActivationRowsReader = () => ActivationRows;

/**
 * Captured activations, one `[rows, features]` matrix per key and model. The store owns the
 * tensors; the engine releases each key after its last consumer.
 */
export interface ActivationStore {
  get(model: number, key: string): tf.Tensor2D;
  /**
   * The key's values on the host, for a caller that reads them once (neuron descriptions): a
   * key waiting on disk is read again, block by block, and not kept.
   */
  rows(model: number, key: string): ActivationRows;
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

  rows(model: number, key: string): ActivationRows {
    const found = this.get(model, key);
    return rowsInMemory(found.dataSync() as Float32Array, found.shape[0], found.shape[1]);
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
 * activations: each read, preprocessed and transposed to one row per neuron on the host, one
 * model after the other (a matrix on disk is read block by block as it is transposed), with the
 * rows' squared norms for the ground cost, then optionally reduced by the anchor's principal
 * components. `allocate` lends the descriptions' arrays (a fusion step's scratch).
 */
export function describeActivationPair(
  model: ActivationRowsReader,
  anchor: ActivationRowsReader,
  options: ActivationOptions,
  label: string,
  allocate?: Float32Allocator,
): [NeuronDescriptions, NeuronDescriptions] {
  const describe = (read: ActivationRowsReader): NeuronDescriptions => {
    const { blocks, rows, features } = read();
    const { data, squaredNorms } = normalisedFeatureRowsOfBlocks(blocks(), rows, features, options, allocate);
    return { count: features, dim: rows, data, squaredNorms };
  };
  const described = describe(model);
  return reduced(described, describe(anchor), options, label);
}

/** How captured matrices combine into one description: rows stacked as extra samples, or features side by side. */
export type ActivationStacking = 'samples' | 'features';

/**
 * The same for activation matrices combined from several captured ones (e.g. Q and K): each is
 * normalised on its own before combining, as the reference does, and combined on the host one
 * row per neuron, so no copy of a combined matrix (0.3 GB per model for BERT-base's Q and K over
 * 200 × 128 tokens) enters the WebAssembly heap. `samples` stacks the matrices' rows (every
 * matrix has the same features; each neuron is described by all their rows in order);
 * `features` puts their features side by side (every matrix has the same rows).
 */
export function describeCombinedActivations(
  modelActivations: readonly ActivationRowsReader[],
  anchorActivations: readonly ActivationRowsReader[],
  stacking: ActivationStacking,
  options: ActivationOptions,
  label: string,
  allocate?: Float32Allocator,
): [NeuronDescriptions, NeuronDescriptions] {
  const describe = (parts: readonly ActivationRowsReader[]) =>
    combinedFeatureRows(
      parts.map((read) => featureRowsOf(read, options, allocate)),
      stacking,
      label,
    );
  const described = describe(modelActivations);
  return reduced(described, describe(anchorActivations), options, label);
}

interface FeatureRowsOf {
  data: Float32Array;
  features: number;
  rows: number;
}

function featureRowsOf(read: ActivationRowsReader, options: ActivationOptions, allocate?: Float32Allocator): FeatureRowsOf {
  const { blocks, rows, features } = read();
  return { data: normalisedFeatureRowsOfBlocks(blocks(), rows, features, options, allocate).data, features, rows };
}

function combinedFeatureRows(parts: readonly FeatureRowsOf[], stacking: ActivationStacking, label: string): NeuronDescriptions {
  const [first] = parts;
  const along = stacking === 'samples' ? 'features' : 'rows';
  const mismatch = parts.find((p) => p[along] !== first[along]);
  if (mismatch) {
    throw new FusionError('SHAPE_MISMATCH', `${label}: activations stacked as ${stacking} must have the same ${along}, found ${first[along]} and ${mismatch[along]}`);
  }
  if (stacking === 'features') {
    const data = new Float32Array(parts.reduce((n, p) => n + p.data.length, 0));
    let offset = 0;
    for (const part of parts) {
      data.set(part.data, offset);
      offset += part.data.length;
    }
    return { count: parts.reduce((n, p) => n + p.features, 0), dim: first.rows, data };
  }
  const dim = parts.reduce((n, p) => n + p.rows, 0);
  const data = new Float32Array(first.features * dim);
  for (let f = 0; f < first.features; f++) {
    let offset = f * dim;
    for (const part of parts) {
      data.set(part.data.subarray(f * part.rows, (f + 1) * part.rows), offset);
      offset += part.rows;
    }
  }
  return { count: first.features, dim, data };
}

/** The descriptions as they are, or projected on the anchor's top `pcaK` principal components. */
function reduced(d0: NeuronDescriptions, d1: NeuronDescriptions, options: ActivationOptions, label: string): [NeuronDescriptions, NeuronDescriptions] {
  return options.pcaK ? projectOnAnchorComponents(d0, d1, options.pcaK, label) : [d0, d1];
}
