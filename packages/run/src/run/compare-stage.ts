import { FusionError } from '@otfuse/core';
import { Dataset } from '@otfuse/data';
import { type FeatureTask, type OutputsFunction, compareOutputSets } from '@otfuse/train';
import type { OutputComparison } from '../report/fuse-report';
import { type TrainableModel, trainable } from '../trainable';
import type { ModelUnderTest } from './score';

/**
 * A feature extractor has no labels to score: its outputs on the test split are compared with
 * each parent's instead (mean squared difference and cosine similarity per example, linear CKA
 * over them), and so are its token outputs where the architecture names them (`tokenOutputs`).
 * A parent of another output width gets linear CKA alone (see `compareOutputs`). Each batch
 * runs each model's forward pass once for both outputs.
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
        const withTokens = tokenCapture(model) !== undefined && tokenCapture(parent.model) !== undefined;
        const [outputs, tokens] = await compareOutputSets(outputsOf(model, fused, withTokens), outputsOf(parent.model, reference, withTokens), test, { task, batchSize });
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

/** The capture of the model's token outputs `[rows, hidden]`, where its architecture names them. */
function tokenCapture(model: ModelUnderTest) {
  return model.architecture.tokenOutputs?.(model.config);
}

/** The model's output for a batch, and its token outputs after it when asked: one forward pass gives both. */
function outputsOf(model: ModelUnderTest, variables: TrainableModel, withTokens: boolean): OutputsFunction {
  const capture = withTokens ? tokenCapture(model) : undefined;
  if (!capture) return (x) => [variables.forward(variables.params, x)];
  const [key] = capture.keys;
  // compareOutputSets runs each batch in a tidy scope: the logits and anything else recorded are let go there.
  return (x) => {
    const { logits, activations } = model.architecture.forward(model.config, variables.params, x, capture);
    const recorded = activations.get(key);
    if (!recorded) throw new FusionError('MISSING_ACTIVATION', `${model.architecture.id}: the forward pass did not record its token outputs '${key}'`);
    return [logits, recorded];
  };
}
