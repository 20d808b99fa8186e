import { TASKS, type TaskMetric } from '@otfuse/train';

/**
 * Test metrics of one model, the ones its task declares (`metrics` of `@otfuse/train`'s tasks):
 * the headline accuracy (masked-token, next-token, exact match, …), the mean loss, for
 * language models perplexity (`exp` of the loss), and for span QA the start and end accuracy;
 * `predictions` counts what was scored.
 */
export interface Score {
  /** The task's id (`classification`, `masked-lm`, …). */
  task: string;
  accuracy: number;
  loss: number;
  /** Examples evaluated. */
  count: number;
  /** Predictions scored: the examples, or the labelled tokens. */
  predictions: number;
  /** Language models only. */
  perplexity?: number;
  /** Span QA only: the share of spans whose start token is right. */
  startAccuracy?: number;
  /** Span QA only: the share of spans whose end token is right. */
  endAccuracy?: number;
}

/** How a report writes each metric a score holds, by the key tasks declare it under: accuracies as percentages. */
const percent = (share: number | undefined) => (share === undefined ? undefined : `${(100 * share).toFixed(2)}%`);
const CELLS: Readonly<Record<string, (score: Score) => string | undefined>> = {
  accuracy: (score) => percent(score.accuracy),
  startAccuracy: (score) => percent(score.startAccuracy),
  endAccuracy: (score) => percent(score.endAccuracy),
  loss: (score) => score.loss.toFixed(4),
  perplexity: (score) => score.perplexity?.toFixed(2),
};

/** The task of a set of scores (classification when none has been computed). */
export function taskOfScores(scores: readonly (Score | null | undefined)[]): string {
  return scores.find((score) => score)?.task ?? 'classification';
}

/** The metrics a task declares, headline first. */
function metricsOf(task: string): readonly TaskMetric<string>[] {
  return TASKS.get(task).metrics;
}

/** Names of the metrics a score of this task shows, in order: the names its task declares. */
export function metricNames(task: string): string[] {
  return metricsOf(task).map((metric) => metric.name);
}

/** A score's metrics as text, in the order of {@link metricNames}; dashes for a missing score or metric. */
export function metricCells(score: Score | null | undefined, task: string): string[] {
  return metricsOf(task).map(({ key }) => (score ? CELLS[key]?.(score) : undefined) ?? '—');
}

/** One line for the terminal: `accuracy 81.20%, loss 0.5123` or `masked-token accuracy 31.02%, MLM loss 4.1234, perplexity 61.78`. */
export function describeScore(score: Score | null | undefined): string {
  if (!score) return 'not evaluated';
  const names = metricNames(score.task);
  return metricCells(score, score.task).map((cell, i) => `${names[i]} ${cell}`).join(', ');
}
