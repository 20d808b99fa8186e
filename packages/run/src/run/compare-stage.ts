import { Dataset } from '@otfuse/data';
import { type FeatureTask, compareOutputs } from '@otfuse/train';
import type { OutputComparison } from '../report/fuse-report';
import { trainable } from '../trainable';
import type { ModelUnderTest } from './score';

/**
 * A feature extractor has no labels to score: its outputs on the test split are compared with
 * each parent's instead (mean squared difference and cosine similarity per example).
 */
export async function compareWithParents(
  model: ModelUnderTest,
  parents: readonly { index: number; model: ModelUnderTest }[],
  test: Dataset,
  batchSize: number,
): Promise<OutputComparison[]> {
  const task = model.task as FeatureTask;
  const fused = trainable(model.architecture, model.config, model.weights);
  try {
    const comparisons: OutputComparison[] = [];
    for (const parent of parents) {
      const reference = trainable(parent.model.architecture, parent.model.config, parent.model.weights);
      try {
        comparisons.push({ parent: parent.index, ...(await compareOutputs(fused, reference, test, { task, batchSize })) });
      } finally {
        reference.dispose();
      }
    }
    return comparisons;
  } finally {
    fused.dispose();
  }
}
