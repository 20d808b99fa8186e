import { initBackend } from '@otfuse/backend';
import type { Dataset } from '@otfuse/data';
import { evaluationExamples } from './evaluation-examples';
import { type BatchScore, EvaluationScorer, type ForwardEngine, scoreBatches } from './evaluation-scorer';
import type { Model } from './model';
import type { LabelledTask, Task } from './tasks/task';
import { labelledTask } from './tasks/task-data';

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** What the model is evaluated for: its labels, scoring and metrics (a registered task, e.g. `TASKS.get('classification')`). */
  task: Task;
  /** Examples per forward pass (default 256). */
  batchSize?: number;
  /** Evaluate only the first `limit` examples (default: all). */
  limit?: number;
  /** Told, once the first batch has run, which engine runs the forward passes (see `EvaluationScorer`). */
  onForward?: (engine: ForwardEngine) => void;
}

/**
 * Metrics over the evaluated predictions, as the task counts them: one per example
 * (classification), one per labelled token (token classification, masked LM, causal LM), one
 * per span (span QA). The task's `metrics` name each field for reports.
 */
export interface EvaluationResult {
  /** The task's id. */
  task: string;
  /** Fraction of predictions whose arg-max is the label (ties: the lowest class wins); span QA: exact match (both ends). NaN for none. */
  accuracy: number;
  /** Mean of the task's loss over the predictions (masked LM: the MLM loss); NaN for none. */
  loss: number;
  /** Number of examples evaluated. */
  count: number;
  /** Number of predictions scored: the examples, the labelled tokens or the spans. */
  predictions: number;
  /** `exp(loss)`, for the tasks whose metrics include it (masked LM, causal LM). */
  perplexity?: number;
  /** Span QA: fraction of spans whose start token is right. */
  startAccuracy?: number;
  /** Span QA: fraction of spans whose end token is right. */
  endAccuracy?: number;
}

/** The task's metrics of `model` on `dataset`, in data set order, without gradients. */
export async function evaluate(model: Model, dataset: Dataset, options: EvaluateOptions): Promise<EvaluationResult> {
  const { batchSize = 256, limit, onForward } = options;
  const task = labelledTask(options.task, dataset, 'evaluate');
  const examples = evaluationExamples('evaluate', dataset, batchSize, limit);
  await initBackend(); // idempotent: keeps a backend chosen earlier, else picks the fastest
  const scorer = new EvaluationScorer(model, task, dataset, Math.ceil(examples.size / batchSize), onForward);
  return evaluationResult(scoreBatches(scorer, examples, batchSize), task, examples.size);
}

/** The task's metrics of summed batch scores over `count` examples (accuracy and loss NaN when nothing was scored). */
export function evaluationResult({ hits, lossSum, predictions, partHits }: BatchScore, task: LabelledTask, count: number): EvaluationResult {
  const result: EvaluationResult = { task: task.id, accuracy: hits / predictions, loss: lossSum / predictions, count, predictions };
  if (task.metrics.some((metric) => metric.key === 'perplexity')) result.perplexity = Math.exp(result.loss);
  (task.parts ?? []).forEach((part, i) => (result[part] = (partHits[i] ?? 0) / predictions));
  return result;
}
