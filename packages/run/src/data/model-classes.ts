import { type Dataset, withNumClasses } from '@otfuse/data';
import type { Splits } from './open-splits';

/**
 * The splits with the model's class count where the data did not state one (a tensors file
 * without `num_classes`): its largest label + 1 says nothing of a masked LM's vocabulary, whose
 * top id is rarely a label, nor of a test split that lacks the top class. `width` runs the model
 * (see `outputWidth`), only when a split needs it; every label is checked against the count.
 */
export function withModelClasses(splits: Splits, width: () => number, whose: string): Splits {
  const unstated = (dataset: Dataset) => dataset.numClassesStated === false;
  if (!unstated(splits.train) && !unstated(splits.test)) return splits;
  const classes = width();
  const fitted = (dataset: Dataset) => (unstated(dataset) ? withNumClasses(dataset, classes, whose) : dataset);
  return { ...splits, train: fitted(splits.train), test: fitted(splits.test) };
}
