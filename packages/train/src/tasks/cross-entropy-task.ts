import { softmaxCrossEntropy } from '../loss';
import { crossEntropyScores } from './cross-entropy-scores';
import type { LabelledTask } from './task';

/** What a cross-entropy task declares: everything but what it computes. */
export type CrossEntropyDeclaration = Pick<LabelledTask, 'id' | 'description' | 'label' | 'labels' | 'labelShape' | 'metrics'>;

/**
 * A task scored by softmax cross-entropy and arg-max at each labelled position: logits
 * `[...labelShape, classes]` per example, the mean cross-entropy over the labelled positions as
 * its loss (HuggingFace's `ignore_index=-100`).
 */
export function crossEntropyTask(declaration: CrossEntropyDeclaration): LabelledTask {
  return {
    ...declaration,
    parameters: [],
    logitsShape: (data) => [...(data.labelShape ?? []), data.numClasses],
    classAxis: -1,
    loss: softmaxCrossEntropy,
    score: crossEntropyScores,
  };
}
