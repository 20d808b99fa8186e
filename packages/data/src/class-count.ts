import { type Batch, type Dataset } from './dataset';
import { DatasetView } from './dataset-view';
import { DataError } from './errors';
import { labelOutsideRange } from './label-range';

/** Examples whose labels are checked at once. */
const CHUNK = 512;

/** `parent` with another class count; its examples are its parent's. */
class ClassCountView extends DatasetView {
  constructor(parent: Dataset, numClasses: number) {
    super(parent, { size: parent.size, numClasses });
  }

  get(indices: ArrayLike<number>): Batch {
    return this.parent.get(indices);
  }
}

/**
 * `dataset` with `numClasses` classes (a model's output width, where the data did not state
 * how many there are), every label checked against it: one outside `[0, numClasses)`, other
 * than `IGNORE_LABEL` per token, is an error naming the data set and the example.
 */
export function withNumClasses(dataset: Dataset, numClasses: number, whose = 'the model'): Dataset {
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new DataError('INVALID_ARGUMENT', `${dataset.name}: numClasses must be a positive integer, got ${numClasses}`);
  const labelShape = dataset.labelShape ?? [];
  for (let first = 0; first < dataset.size; first += CHUNK) {
    const indices = Array.from({ length: Math.min(CHUNK, dataset.size - first) }, (_, i) => first + i);
    const outside = labelOutsideRange(dataset.get(indices).y, numClasses, labelShape, first);
    if (outside) throw new DataError('INVALID_ARGUMENT', `${dataset.name} (${dataset.split}): ${outside}, the classes of ${whose}`);
  }
  return new ClassCountView(dataset, numClasses);
}
