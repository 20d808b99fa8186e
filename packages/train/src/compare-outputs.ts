import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@otfuse/backend';
import { type Dataset, batches } from '@otfuse/data';
import { evaluationExamples } from './evaluation-examples';
import { LinearCka } from './linear-cka';
import { type Model, outputsOf } from './model';
import type { FeatureTask } from './tasks/task';

/** Options of {@link compareOutputs}. */
export interface CompareOptions {
  /** The task without labels whose comparison is reported (`TASKS.get('features')`). */
  task: FeatureTask;
  /** Examples per forward pass (default 256). */
  batchSize?: number;
  /** Compare on the first `limit` examples only (default: all). */
  limit?: number;
}

/** How far a model's outputs are from a reference model's, per example, averaged over the examples. */
export interface OutputComparison {
  /** Mean over the examples of the mean squared difference of their outputs; absent where the two outputs' shapes differ (a parent of another width). */
  meanSquaredDifference?: number;
  /** Mean over the examples of the cosine similarity of their flattened outputs (0 where either is all zeros); absent where the shapes differ. */
  cosineSimilarity?: number;
  /** Linear CKA of the outputs over all the examples (see {@link LinearCka}): 1 for outputs equal up to a rotation or permutation of their features; the widths may differ. */
  linearCka: number;
  /** Rows compared: the examples, or the tokens of a model whose outputs are one row per token. */
  count: number;
}

/**
 * Compares the outputs of `model` with those of `reference` on `dataset`, in data set order,
 * without gradients: how a report sets a fused feature extractor beside each parent. Each
 * batch's outputs are `[rows, ...]` on both sides (a row per example, or per token); where their
 * shapes differ (a parent of another width) only the linear CKA is computed, since the
 * per-row scores pair feature with feature. The data set's labels are not read.
 */
export async function compareOutputs(model: Model, reference: Model, dataset: Dataset, options: CompareOptions): Promise<OutputComparison> {
  const [comparison] = await compareOutputSets((x) => [outputsOf(model, x)], (x) => [outputsOf(reference, x)], dataset, options);
  return comparison;
}

/** Several outputs of one forward pass per batch, e.g. a pooled output and the token outputs, `[rows, ...]` each. */
export type OutputsFunction = (x: tf.Tensor) => readonly tf.Tensor[];

/**
 * `compareOutputs` for several outputs at once: each batch runs each model's forward pass once
 * and compares its outputs pairwise, in order; one comparison per output.
 */
export async function compareOutputSets(model: OutputsFunction, reference: OutputsFunction, dataset: Dataset, options: CompareOptions): Promise<OutputComparison[]> {
  const { task, batchSize = 256, limit } = options;
  const examples = evaluationExamples('compareOutputs', dataset, batchSize, limit);
  await initBackend(); // idempotent: keeps a backend chosen earlier, else picks the fastest
  let sums: OutputSums[] | undefined;
  for (const batch of batches(examples, { batchSize })) {
    tf.tidy(() => {
      const x = tf.tensor(batch.x, batch.shape, 'float32');
      const [outputs, expected] = [model(x), reference(x)];
      sums ??= outputs.map(() => new OutputSums());
      outputs.forEach((output, i) => sums?.[i].add(task, output, expected[i]));
    });
  }
  return (sums ?? [new OutputSums()]).map((s) => s.comparison());
}

/** One output's running sums over the batches. */
class OutputSums {
  private squared = 0;
  private cosine = 0;
  private rows = 0;
  private sameShape = true;
  // CKA is a statistic of the whole set, not a sum over examples: it gathers its moments beside the task's sums.
  private readonly cka = new LinearCka();

  add(task: FeatureTask, outputs: tf.Tensor, expected: tf.Tensor): void {
    this.cka.add(outputs, expected);
    this.rows += outputs.shape[0];
    this.sameShape &&= tf.util.arraysEqual(outputs.shape, expected.shape);
    if (!this.sameShape) return;
    const sums = task.compare(outputs, expected).dataSync();
    this.squared += sums[0];
    this.cosine += sums[1];
  }

  comparison(): OutputComparison {
    const perRow = this.sameShape ? { meanSquaredDifference: this.squared / this.rows, cosineSimilarity: this.cosine / this.rows } : {};
    return { ...perRow, linearCka: this.cka.value(), count: this.rows };
  }
}
