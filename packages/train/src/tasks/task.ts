import type * as tf from '@tensorflow/tfjs';
import type { Dataset } from '@otfuse/data';
import { type Extension, extensionPoint } from '@otfuse/extension';
import type { LossFunction } from '../loss';

/** What a task reads of a data set: its shapes, and its name for messages. */
export type TaskData = Pick<Dataset, 'name' | 'split' | 'numClasses' | 'labelShape'>;

/** Which labels a task reads from each example. */
export type TaskLabels = 'none' | 'per-example' | 'per-token' | 'span';

/** How messages describe each kind of labels. */
export const LABELS_READ: Readonly<Record<TaskLabels, string>> = {
  none: 'no labels',
  'per-example': 'one class per example',
  'per-token': 'one label per token',
  span: 'a start and an end token per example',
};

/**
 * One metric of a task: the result field that holds it and the name reports give it
 * (`masked-token accuracy` is the `accuracy` of a masked LM).
 */
export interface TaskMetric<Key extends string> {
  readonly key: Key;
  readonly name: string;
}

/** Accuracies of a part of each prediction, beside the headline one (span QA: the start and the end token). */
export type PartAccuracy = 'startAccuracy' | 'endAccuracy';

/** The fields of an `EvaluationResult` a labelled task's metrics are read from. */
export type EvaluationMetric = 'accuracy' | 'loss' | 'perplexity' | PartAccuracy;

/** The fields of an `OutputComparison` a task without labels reports. */
export type ComparisonMetric = 'meanSquaredDifference' | 'cosineSimilarity' | 'linearCka';

/**
 * A batch's scores as one float32 vector `[hits, lossSum, predictions, ...partHits]`, traceable
 * on tfjs so that evaluation compiles it with the forward pass: `hits / predictions` is the
 * headline accuracy, `lossSum / predictions` the mean loss, and each of the task's `parts` is
 * its hits over the same predictions.
 */
export type BatchScoring = (logits: tf.Tensor, labels: tf.Tensor) => tf.Tensor1D;

/** What every task declares besides what it computes. */
interface TaskBase extends Extension {
  /** A short name for reports, e.g. `masked LM`. */
  readonly label: string;
  readonly labels: TaskLabels;
}

/** A task trained and evaluated against labels. */
export interface LabelledTask extends TaskBase {
  readonly labels: Exclude<TaskLabels, 'none'>;
  /**
   * One example's label shape a data set must have: sizes, or a name standing for any size the
   * data set chooses (a sequence's `length`). `[]` is one label per example.
   */
  readonly labelShape: readonly (number | string)[];
  /** One example's logits shape a model must give on `data` (the batch axis left out). */
  logitsShape(data: Pick<Dataset, 'numClasses' | 'labelShape'>): number[];
  /**
   * The axis of one example's logits (`logitsShape`) that runs over the classes, counted from
   * the end: -1 where the classes are last; span QA's `[tokens, 2]`, whose classes are the
   * tokens, -2. A run reads the class count a model tells apart there.
   */
  readonly classAxis: number;
  /** Accuracies of parts of each prediction that `score` counts after its first three entries, in order (span QA: start, end). */
  readonly parts?: readonly PartAccuracy[];
  /** The training objective: a scalar over a batch. */
  readonly loss: LossFunction;
  readonly score: BatchScoring;
  /** What evaluation reports, headline first. */
  readonly metrics: readonly TaskMetric<EvaluationMetric>[];
}

/**
 * A task without labels (a feature extractor): nothing to train or score; a report compares a
 * model's outputs with each reference model's.
 */
export interface FeatureTask extends TaskBase {
  readonly labels: 'none';
  /**
   * Summed differences of `outputs` from `reference` (both `[batch, ...]`, compared per example
   * as flat vectors), as one float32 vector `[Σ mean squared difference, Σ cosine similarity, examples]`.
   */
  compare(outputs: tf.Tensor, reference: tf.Tensor): tf.Tensor1D;
  /** What a comparison reports, headline first. */
  readonly metrics: readonly TaskMetric<ComparisonMetric>[];
}

/** What a model is trained and evaluated for: its labels, loss and metrics. */
export type Task = LabelledTask | FeatureTask;

/** Where tasks are registered in a container (`register(container)` adds the built-ins). */
export const TASK = extensionPoint<Task>('task');
