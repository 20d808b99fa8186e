import { DataError } from './errors';

/** Which part of a data set's split an instance holds. */
export type Split = 'train' | 'test';

/** A batch of examples in row-major order, ready to become tensors. */
export interface Batch {
  /** Inputs, `shape` row-major, as float32. */
  readonly x: Float32Array;
  /** Integer labels: one per example, or `product(labelShape)` per example (see {@link Dataset.labelShape}). */
  readonly y: Int32Array;
  /** Shape of `x`: `[count, ...inputShape]`. */
  readonly shape: number[];
  /** Number of examples in the batch. */
  readonly count: number;
}

/**
 * A labelled classification data set with random access. Views (subsets, shuffles) are
 * data sets too, so every consumer takes this one interface.
 */
export interface Dataset {
  /** Source name, e.g. `mnist`. */
  readonly name: string;
  readonly split: Split;
  /** Shape of one example's input, e.g. `[784]` or `[1, 28, 28]`. */
  readonly inputShape: readonly number[];
  /** Labels lie in `[0, numClasses)`. */
  readonly numClasses: number;
  /**
   * False when nothing stated the class count and `numClasses` is the largest label + 1 (a
   * file of tensors): a model's output width may replace it (`withNumClasses`).
   */
  readonly numClassesStated?: boolean;
  /** Number of examples. */
  readonly size: number;
  /**
   * Shape of one example's labels: absent or `[]` for one class per example, `[length]` for one
   * label per token (masked LM), where {@link IGNORE_LABEL} marks a position without a label.
   */
  readonly labelShape?: readonly number[];
  /**
   * Text files that describe how the inputs were made (a tokenizer's files, by file name),
   * written beside a model trained on them so the model folder carries them.
   */
  readonly assets?: Readonly<Record<string, string>>;
  /** Image data sets: how 8-bit pixels p became inputs, `(p / 255 - mean[c]) / std[c]` per channel c (what an image processor must repeat). */
  readonly pixels?: PixelNormalization;
  /** Examples at the given positions, in that order (repeats allowed). */
  get(indices: ArrayLike<number>): Batch;
}

/** `(p / 255 - mean[c]) / std[c]` per channel c. */
export interface PixelNormalization {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

/** The label of a position that has none (PyTorch's `ignore_index`, HuggingFace's masked-LM convention). */
export const IGNORE_LABEL = -100;

/** Labels per example: 1, or the product of `labelShape`. */
export function labelLength(dataset: Pick<Dataset, 'labelShape'>): number {
  return (dataset.labelShape ?? []).reduce((product, dim) => product * dim, 1);
}

/** Number of input values per example. */
export function inputLength(dataset: Pick<Dataset, 'inputShape'>): number {
  return dataset.inputShape.reduce((product, dim) => product * dim, 1);
}

/** Throws unless every index is an integer position of `dataset`. */
export function checkIndices(dataset: Pick<Dataset, 'name' | 'split' | 'size'>, indices: ArrayLike<number>): void {
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i];
    if (!Number.isInteger(index) || index < 0 || index >= dataset.size) {
      throw new DataError(
        'INDEX_OUT_OF_RANGE',
        `${dataset.name} (${dataset.split}): index ${index} at position ${i} is outside [0, ${dataset.size})`,
      );
    }
  }
}

/** Every example of a data set as one batch (small data sets and tests). */
export function getAll(dataset: Dataset): Batch {
  const indices = new Int32Array(dataset.size);
  for (let i = 0; i < indices.length; i++) indices[i] = i;
  return dataset.get(indices);
}
