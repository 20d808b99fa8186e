import type { Batch, Dataset } from './dataset';
import { DataError } from './errors';
import { type SeedOrRandom, permutation } from '@otfuse/extension';

/** Options of {@link batches}. */
export interface BatchOptions {
  /** Examples per batch (the last one may be smaller unless `dropLast`). */
  batchSize: number;
  /** When given, visit the examples in the order of a permutation drawn with this seed. */
  seed?: SeedOrRandom;
  /** Skip a final batch smaller than `batchSize` (default false). */
  dropLast?: boolean;
}

/** A batch together with the data set positions it was read from. */
export interface IndexedBatch extends Batch {
  readonly indices: Int32Array;
}

/** Number of batches {@link batches} yields for a data set of `size` examples. */
export function batchCount(size: number, batchSize: number, dropLast = false): number {
  return dropLast ? Math.floor(size / batchSize) : Math.ceil(size / batchSize);
}

/** One pass over `dataset` in batches, in data set order or a seeded random order. */
export function* batches(dataset: Dataset, options: BatchOptions): Generator<IndexedBatch> {
  const { batchSize, seed, dropLast = false } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new DataError('INVALID_ARGUMENT', `${dataset.name}: batchSize must be a positive integer, got ${batchSize}`);
  }
  const order = seed === undefined ? Int32Array.from({ length: dataset.size }, (_, i) => i) : permutation(dataset.size, seed);
  const total = batchCount(dataset.size, batchSize, dropLast);
  for (let b = 0; b < total; b++) {
    const indices = order.slice(b * batchSize, Math.min((b + 1) * batchSize, dataset.size));
    yield { ...dataset.get(indices), indices };
  }
}
