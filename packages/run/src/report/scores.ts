/**
 * Test metrics of one model. Classification: accuracy and mean cross-entropy over the examples.
 * Masked LM: masked-token accuracy, MLM loss (mean cross-entropy over the masked tokens) and
 * perplexity (`exp` of it); `predictions` counts the masked tokens.
 */
export interface Score {
  /** The task's id (`classification`, `masked-lm`, …). */
  task: string;
  accuracy: number;
  loss: number;
  /** Examples evaluated. */
  count: number;
  /** Predictions scored: the examples, or the masked tokens. */
  predictions: number;
  /** Masked LM only. */
  perplexity?: number;
}

/** The task of a set of scores (classification when none has been computed). */
export function taskOfScores(scores: readonly (Score | null | undefined)[]): string {
  return scores.find((score) => score)?.task ?? 'classification';
}

/** Names of the metrics a score of this task shows, in order. */
export function metricNames(task: string): string[] {
  return task === 'masked-lm' ? ['masked-token accuracy', 'MLM loss', 'perplexity'] : ['accuracy', 'loss'];
}

/** A score's metrics as text, in the order of {@link metricNames}; dashes for a missing score. */
export function metricCells(score: Score | null | undefined, task: string): string[] {
  if (!score) return metricNames(task).map(() => '—');
  const cells = [`${(100 * score.accuracy).toFixed(2)}%`, score.loss.toFixed(4)];
  if (task === 'masked-lm') cells.push(score.perplexity === undefined ? '—' : score.perplexity.toFixed(2));
  return cells;
}

/** One line for the terminal: `accuracy 81.20%, loss 0.5123` or `masked-token accuracy 31.02%, MLM loss 4.1234, perplexity 61.78`. */
export function describeScore(score: Score | null | undefined): string {
  if (!score) return 'not evaluated';
  const names = metricNames(score.task);
  return metricCells(score, score.task).map((cell, i) => `${names[i]} ${cell}`).join(', ');
}
