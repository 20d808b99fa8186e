import { ArchitecturePlugin, HostTensor } from '@otfuse/core';
import { Dataset } from '@otfuse/data';
import { type EvaluationResult, type ForwardEngine, type Task, type TrainEngine, evaluate, train } from '@otfuse/train';
import { FinetuneSettings } from '../config/experiment';
import type { Score } from '../report/scores';
import { trainable } from '../trainable';

/** The score of an evaluation. */
export function scoreOf(result: EvaluationResult): Score {
  const { task, accuracy, loss, count, predictions, ...optional } = result;
  // Only the metrics the task has (perplexity, span QA's start and end accuracy) are kept.
  const present = Object.entries(optional).filter(([, value]) => value !== undefined);
  return { task, accuracy, loss, count, predictions, ...Object.fromEntries(present) };
}

export interface ModelUnderTest {
  architecture: ArchitecturePlugin;
  config: unknown;
  /** What it is evaluated and finetuned for (`modelTask`). */
  task: Task;
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
    return scoreOf(await evaluate(params, test, { task: model.task, batchSize, onForward }));
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
      task: model.task,
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
