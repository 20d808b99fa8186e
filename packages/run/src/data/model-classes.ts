import { type Dataset, withNumClasses } from '@otfuse/data';
import type { LabelledTask, Task } from '@otfuse/train';
import type { Splits } from './open-splits';

/**
 * The splits with the model's class count where the data did not state one (a tensors file
 * without `num_classes`): its largest label + 1 says nothing of a masked LM's vocabulary, whose
 * top id is rarely a label, nor of a test split that lacks the top class, nor of span QA's token
 * count. `width` runs the model (see `outputWidth`) for `task`, only when a split needs it; every
 * label is checked against the count. A task without labels has no classes: the splits stay.
 */
export function withModelClasses(splits: Splits, task: Task, width: (task: LabelledTask) => number, whose: string): Splits {
  const unstated = (dataset: Dataset) => dataset.numClassesStated === false;
  if (task.labels === 'none' || (!unstated(splits.train) && !unstated(splits.test))) return splits;
  const classes = width(task);
  const fitted = (dataset: Dataset) => (unstated(dataset) ? withNumClasses(dataset, classes, whose) : dataset);
  return { ...splits, train: fitted(splits.train), test: fitted(splits.test) };
}
