import type { Dataset } from '@otfuse/data';

/**
 * What a data set's labels ask of a model: one class per example, or a token at each labelled
 * position (masked LM, where -100 marks the positions without a label).
 */
export type Task = 'classification' | 'masked-lm';

/** The task a data set's label shape implies: per-token labels (`labelShape` non-empty) are masked LM. */
export function taskOf(dataset: Pick<Dataset, 'labelShape'>): Task {
  return dataset.labelShape !== undefined && dataset.labelShape.length > 0 ? 'masked-lm' : 'classification';
}
