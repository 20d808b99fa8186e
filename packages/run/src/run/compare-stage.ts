import { FusionError } from '@otfuse/core';
import { Dataset } from '@otfuse/data';
import { type FeatureTask, type LogitsFunction, compareOutputs } from '@otfuse/train';
import type { OutputComparison } from '../report/fuse-report';
import { type TrainableModel, trainable } from '../trainable';
import type { ModelUnderTest } from './score';

/**
 * A feature extractor has no labels to score: its outputs on the test split are compared with
 * each parent's instead (mean squared difference and cosine similarity per example, linear CKA
 * over them), and so are its token outputs where the architecture names them (`tokenOutputs`).
 * A parent of another output width gets linear CKA alone (see `compareOutputs`).
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
        const outputs = await compareOutputs(fused, reference, test, { task, batchSize });
        const [mine, theirs] = [tokenOutputs(model, fused), tokenOutputs(parent.model, reference)];
        const tokens = mine && theirs ? await compareOutputs(mine, theirs, test, { task, batchSize }) : undefined;
        comparisons.push({ parent: parent.index, ...outputs, ...(tokens ? { tokens } : {}) });
      } finally {
        reference.dispose();
      }
    }
    return comparisons;
  } finally {
    fused.dispose();
  }
}

/** The model's token outputs `[rows, hidden]` for a batch, as its architecture captures them; undefined where it names none. */
function tokenOutputs(model: ModelUnderTest, variables: TrainableModel): LogitsFunction | undefined {
  const capture = model.architecture.tokenOutputs?.(model.config);
  if (!capture) return undefined;
  const [key] = capture.keys;
  // compareOutputs runs each batch in a tidy scope: the logits and anything else recorded are let go there.
  return (x) => {
    const recorded = model.architecture.forward(model.config, variables.params, x, capture).activations.get(key);
    if (!recorded) throw new FusionError('MISSING_ACTIVATION', `${model.architecture.id}: the forward pass did not record its token outputs '${key}'`);
    return recorded;
  };
}
