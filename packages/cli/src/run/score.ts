import { ArchitecturePlugin, HostTensor } from '@otfuse/core';
import { Dataset } from '@otfuse/data';
import { type EvaluationResult, type ForwardEngine, type Task, type TrainEngine, evaluate, train } from '@otfuse/train';
import { FinetuneSettings } from '../config/experiment';
import { trainable } from '../trainable';

/**
 * Test metrics of one model. Classification: accuracy and mean cross-entropy over the examples.
 * Masked LM: masked-token accuracy, MLM loss (mean cross-entropy over the masked tokens) and
 * perplexity (`exp` of it); `predictions` counts the masked tokens.
 */
export interface Score {
  task: Task;
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
export function taskOfScores(scores: readonly (Score | null | undefined)[]): Task {
  return scores.find((score) => score)?.task ?? 'classification';
}

/** Names of the metrics a score of this task shows, in order. */
export function metricNames(task: Task): string[] {
  return task === 'masked-lm' ? ['masked-token accuracy', 'MLM loss', 'perplexity'] : ['accuracy', 'loss'];
}

/** A score's metrics as text, in the order of {@link metricNames}; dashes for a missing score. */
export function metricCells(score: Score | null | undefined, task: Task): string[] {
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

/** The score of an evaluation. */
export function scoreOf(result: EvaluationResult): Score {
  const { task, accuracy, loss, count, predictions, perplexity } = result;
  return { task, accuracy, loss, count, predictions, ...(perplexity === undefined ? {} : { perplexity }) };
}

export interface ModelUnderTest {
  architecture: ArchitecturePlugin;
  config: unknown;
  weights: ReadonlyMap<string, HostTensor>;
}

/** Which engine runs the forward passes of an evaluation, as one line. */
export function describeForward(engine: ForwardEngine): string {
  return engine.engine === 'onnxruntime-node'
    ? `forward passes: one onnxruntime-node graph per model (${engine.kernels} kernels)`
    : `forward passes on tfjs: ${engine.reason}`;
}

/** Which engine runs a training's steps, as one line. */
export function describeTraining(engine: TrainEngine): string {
  return engine.engine === 'onnxruntime-node'
    ? `training steps: one onnxruntime-node graph per step (${engine.kernels} kernels)`
    : `training steps on tfjs: ${engine.reason}`;
}

/**
 * Calls `line` with `describe` of each engine that differs from the last one told, and keeps
 * every distinct line in `seen` (for the report).
 */
function engineNotes<Engine>(describe: (engine: Engine) => string, line: (text: string) => void, seen: string[]): (engine: Engine) => void {
  let last = '';
  return (engine) => {
    const text = describe(engine);
    if (text !== last) line(text);
    if (!seen.includes(text)) seen.push(text);
    last = text;
  };
}

/** {@link engineNotes} of evaluations' forward passes. */
export function forwardNotes(line: (text: string) => void, seen: string[] = []): (engine: ForwardEngine) => void {
  return engineNotes(describeForward, line, seen);
}

/** {@link engineNotes} of trainings' steps. */
export function trainingNotes(line: (text: string) => void, seen: string[] = []): (engine: TrainEngine) => void {
  return engineNotes(describeTraining, line, seen);
}

export async function scoreModel(model: ModelUnderTest, test: Dataset, batchSize: number, onForward?: (engine: ForwardEngine) => void): Promise<Score> {
  const params = trainable(model.architecture, model.config, model.weights);
  try {
    return scoreOf(await evaluate(params, test, { batchSize, onForward }));
  } finally {
    params.dispose();
  }
}

export interface Finetuned {
  weights: Map<string, HostTensor>;
  /** Mean loss of the last steps (up to ten). */
  finalLoss: number;
  /** Training loss of every step. */
  losses: number[];
}

/** Trains a copy of the model for `settings.steps` steps on `data`; the input weights are untouched. */
export async function finetuneModel(
  model: ModelUnderTest,
  data: Dataset,
  settings: FinetuneSettings,
  onStep: (step: number, total: number, loss: number) => void,
  onEngine?: (engine: TrainEngine) => void,
): Promise<Finetuned> {
  const params = trainable(model.architecture, model.config, model.weights);
  try {
    const history = await train(params, data, {
      steps: settings.steps,
      batchSize: settings.batchSize,
      lr: settings.lr,
      optimizer: settings.optimizer,
      seed: settings.seed,
      onProgress: (e) => onStep(e.step, e.totalSteps, e.loss),
    });
    onEngine?.(history.engine);
    return { weights: params.snapshot(), finalLoss: meanOfLast(history.losses, 10), losses: [...history.losses] };
  } finally {
    params.dispose();
  }
}

export function meanOfLast(values: readonly number[], n: number): number {
  const tail = values.slice(-n);
  return tail.reduce((a, b) => a + b, 0) / tail.length;
}
