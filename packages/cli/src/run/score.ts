import { ArchitecturePlugin, HostTensor } from '@otfuse/core';
import { Dataset } from '@otfuse/data';
import { evaluate, train } from '@otfuse/train';
import { FinetuneSettings } from '../config/experiment';
import { trainable } from '../trainable';

/** Test metrics of one model. */
export interface Score {
  accuracy: number;
  loss: number;
  count: number;
}

export interface ModelUnderTest {
  architecture: ArchitecturePlugin;
  config: unknown;
  weights: ReadonlyMap<string, HostTensor>;
}

export async function scoreModel(model: ModelUnderTest, test: Dataset, batchSize: number): Promise<Score> {
  const params = trainable(model.architecture, model.config, model.weights);
  try {
    const { accuracy, loss, count } = await evaluate(params, test, { batchSize });
    return { accuracy, loss, count };
  } finally {
    params.dispose();
  }
}

export interface Finetuned {
  weights: Map<string, HostTensor>;
  /** Mean loss of the last steps (up to ten). */
  finalLoss: number;
}

/** Trains a copy of the model for `settings.steps` steps on `data`; the input weights are untouched. */
export async function finetuneModel(
  model: ModelUnderTest,
  data: Dataset,
  settings: FinetuneSettings,
  onStep: (step: number, total: number, loss: number) => void,
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
    return { weights: params.snapshot(), finalLoss: meanOfLast(history.losses, 10) };
  } finally {
    params.dispose();
  }
}

export function meanOfLast(values: readonly number[], n: number): number {
  const tail = values.slice(-n);
  return tail.reduce((a, b) => a + b, 0) / tail.length;
}
