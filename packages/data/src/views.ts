import { type Batch, type Dataset, checkIndices } from './dataset';
import { DatasetView } from './dataset-view';
import { DataError } from './errors';
import { type SeedOrRandom, permutation } from '@otfuse/extension';

/** A data set that shows chosen examples of another, in a chosen order. */
class IndexedView extends DatasetView {
  constructor(
    parent: Dataset,
    private readonly positions: Int32Array,
  ) {
    checkIndices(parent, positions);
    super(parent, { size: positions.length });
  }

  get(indices: ArrayLike<number>): Batch {
    checkIndices(this, indices);
    const mapped = new Int32Array(indices.length);
    for (let i = 0; i < indices.length; i++) mapped[i] = this.positions[indices[i]];
    return this.parent.get(mapped);
  }
}

function checkCount(dataset: Dataset, n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > dataset.size) {
    throw new DataError(
      'INVALID_ARGUMENT',
      `${dataset.name} (${dataset.split}): subset size must be an integer in [0, ${dataset.size}], got ${n}`,
    );
  }
}

/** The examples at `indices` of `dataset`, in that order. */
export function select(dataset: Dataset, indices: ArrayLike<number>): Dataset {
  return new IndexedView(dataset, Int32Array.from(indices));
}

/** The first `n` examples. */
export function firstN(dataset: Dataset, n: number): Dataset {
  checkCount(dataset, n);
  const positions = new Int32Array(n);
  for (let i = 0; i < n; i++) positions[i] = i;
  return new IndexedView(dataset, positions);
}

/**
 * `n` examples: the first `n` without a seed, else the first `n` of a seeded permutation
 * (a uniformly random subset, in random order).
 */
export function subset(dataset: Dataset, n: number, seed?: SeedOrRandom): Dataset {
  checkCount(dataset, n);
  if (seed === undefined) return firstN(dataset, n);
  return new IndexedView(dataset, permutation(dataset.size, seed).subarray(0, n));
}

/** All examples in a seeded random order. */
export function shuffled(dataset: Dataset, seed: SeedOrRandom): Dataset {
  return new IndexedView(dataset, permutation(dataset.size, seed));
}
