import { initBackend } from '@otfuse/backend';
import { type Dataset, firstN } from '@otfuse/data';
import { TrainError } from './errors';
import { type BatchScore, EvaluationScorer, type ForwardEngine, scoreBatches } from './evaluation-scorer';
import type { Model } from './model';
import { type Task, taskOf } from './task';

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** Examples per forward pass (default 256). */
  batchSize?: number;
  /** Evaluate only the first `limit` examples (default: all). */
  limit?: number;
  /** Told, once the first batch has run, which engine runs the forward passes (see `EvaluationScorer`). */
  onForward?: (engine: ForwardEngine) => void;
}

/** Metrics over the evaluated predictions: one per example (classification), one per masked token (masked LM). */
export interface EvaluationResult {
  task: Task;
  /** Fraction of predictions whose arg-max logit is the label (ties: the lowest class wins); masked LM: masked-token accuracy. NaN for none. */
  accuracy: number;
  /** Mean softmax cross-entropy over the predictions (masked LM: the MLM loss); NaN for none. */
  loss: number;
  /** Number of examples evaluated. */
  count: number;
  /** Number of predictions scored: `count` for classification, the labelled (masked) tokens for masked LM. */
  predictions: number;
  /** Masked LM only: `exp(loss)`. */
  perplexity?: number;
}

/** Accuracy and mean cross-entropy of `model` on `dataset`, in data set order, without gradients. */
export async function evaluate(model: Model, dataset: Dataset, options: EvaluateOptions = {}): Promise<EvaluationResult> {
  const { batchSize = 256, limit, onForward } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new TrainError('INVALID_OPTION', `evaluate: batchSize must be a positive integer, got ${batchSize}`);
  }
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) {
    throw new TrainError('INVALID_OPTION', `evaluate: limit must be a non-negative integer, got ${limit}`);
  }
  await initBackend(); // idempotent: keeps a backend chosen earlier, else picks the fastest
  const examples = limit === undefined || limit >= dataset.size ? dataset : firstN(dataset, limit);
  const scorer = new EvaluationScorer(model, dataset.numClasses, dataset.labelShape ?? [], Math.ceil(examples.size / batchSize), onForward);
  return evaluationResult(scoreBatches(scorer, examples, batchSize), taskOf(dataset), examples.size);
}

/** The metrics of summed batch scores over `count` examples (accuracy and loss NaN when nothing was scored). */
export function evaluationResult({ hits, lossSum, predictions }: BatchScore, task: Task, count: number): EvaluationResult {
  const result: EvaluationResult = { task, accuracy: hits / predictions, loss: lossSum / predictions, count, predictions };
  if (task === 'masked-lm') result.perplexity = Math.exp(result.loss);
  return result;
}
