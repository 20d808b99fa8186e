import * as tf from '@tensorflow/tfjs';
import { ArchitecturePlugin, ModelWeights, disposeAll, formatShape, loadAll } from '@otfuse/core';
import type { Batch, Dataset } from '@otfuse/data';
import type { LabelledTask, Task } from '@otfuse/train';
import { ConfigError } from '../config/config-error';
import { type BatchChoice, type ForwardFootprint, chooseBatch, forwardFootprint, isOutOfMemory } from './memory-guard';

export interface ProbedModel {
  config: unknown;
  weights: ModelWeights;
  /** Names the model in messages. */
  where: string;
}

/** The batch size the run asks for, which the probe checks against memory (or lowers, when it is a default). */
export interface ProbedBatch {
  size: number;
  /** The setting that chose it, e.g. `eval.batch_size`. */
  setting: string;
  /** Whether the file sets it: a set value that cannot fit is refused, a default is lowered until it fits. */
  given: boolean;
}

/**
 * Runs each model on one and two examples before the long stages, so a model that cannot read
 * the data (wrong input layout or size, logits of another shape than `task` reads on the data:
 * another number of classes) fails at once, naming both sides; a task without labels only needs
 * the pass to run. With `batch`, the same passes measure each model's memory per example, and
 * the batch size every model fits (see `chooseBatch`) comes back; a set value that cannot fit is
 * refused naming the setting.
 */
export async function probeModels(architecture: ArchitecturePlugin, models: readonly ProbedModel[], data: Dataset, layout: string, task: Task, batch: ProbedBatch): Promise<BatchChoice>;
export async function probeModels(architecture: ArchitecturePlugin, models: readonly ProbedModel[], data: Dataset, layout: string, task: Task): Promise<undefined>;
export async function probeModels(architecture: ArchitecturePlugin, models: readonly ProbedModel[], data: Dataset, layout: string, task: Task, batch?: ProbedBatch): Promise<BatchChoice | undefined> {
  if (data.size === 0) throw new ConfigError('DATA_MISMATCH', `the ${data.split} split of '${data.name}' is empty`);
  const examples = data.get(data.size > 1 ? [0, 1] : [0]);
  let choice: BatchChoice | undefined;
  for (const model of models) {
    const params = loadAll(model.weights);
    try {
      const forward = (count: number) => logitsShape(architecture, model.config, params, examples, count);
      const shape = forward(1);
      // The task's logits on one example: [1, classes], [1, ...labelShape, classes] per token (masked LM), [1, tokens, 2] (span QA).
      const expected = task.labels === 'none' ? shape : [1, ...task.logitsShape(data)];
      if (formatShape(shape) !== formatShape(expected)) {
        const labels = data.labelShape?.length ? ` and labels ${formatShape(data.labelShape)} per example` : '';
        throw new ConfigError('DATA_MISMATCH', `${model.where}: outputs logits ${formatShape(shape)} for one example, but '${data.name}' has ${data.numClasses} classes${labels} (expected ${formatShape(expected)})`);
      }
      if (batch && examples.shape[0] > 1) {
        const footprint: ForwardFootprint = await forwardFootprint((n) => void forward(n));
        // Each model may lower the batch further; the smallest choice serves them all.
        const fits = chooseBatch(footprint, batch, model.where);
        if (choice === undefined || fits.size < choice.size) choice = fits;
      }
    } catch (error) {
      throw asDataMismatch(error, model, data, layout);
    } finally {
      disposeAll(params);
    }
  }
  // One example only: nothing to measure per example, so the requested batch stands.
  return batch && (choice ?? { size: batch.size, setting: batch.setting, source: batch.given ? 'set' : 'default', reason: `${batch.setting} ${batch.size} (not measured: one example)` });
}

/** The shape of the logits of the first `count` examples of `examples`. */
function logitsShape(architecture: ArchitecturePlugin, config: unknown, params: Record<string, tf.Tensor>, examples: Batch, count: number): number[] {
  const perExample = examples.x.length / examples.shape[0];
  const logits = tf.tidy(() => {
    const x = tf.tensor(examples.x.subarray(0, count * perExample), [count, ...examples.shape.slice(1)], 'float32');
    const out = architecture.forward(config, params, x);
    out.activations.forEach((a) => a.dispose());
    return out.logits;
  });
  const shape = [...logits.shape];
  logits.dispose();
  return shape;
}

/** A failed forward pass as a data mismatch naming the model and the data, unless it is one already or memory ran out (the run's guard names the stage and the setting). */
function asDataMismatch(error: unknown, model: ProbedModel, data: Dataset, layout: string): unknown {
  if (error instanceof ConfigError || isOutOfMemory(error)) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new ConfigError('DATA_MISMATCH', `${model.where} cannot read examples of '${data.name}' shaped ${formatShape(data.inputShape)} (layout '${layout}'): ${detail}`);
}

/** How many classes a model tells apart for `task`: the task's class axis of its logits on the data's first example (the last, or span QA's tokens). */
export function outputWidth(architecture: ArchitecturePlugin, model: ProbedModel, data: Dataset, layout: string, task: LabelledTask): number {
  if (data.size === 0) throw new ConfigError('DATA_MISMATCH', `the ${data.split} split of '${data.name}' is empty`);
  const params = loadAll(model.weights);
  try {
    const shape = logitsShape(architecture, model.config, params, data.get([0]), 1);
    const classes = shape[shape.length + task.classAxis];
    if (classes === undefined) throw new ConfigError('DATA_MISMATCH', `${model.where}: outputs logits ${formatShape(shape)} for one example, which has no class axis ${task.classAxis} for task '${task.id}'`);
    return classes;
  } catch (error) {
    throw asDataMismatch(error, model, data, layout);
  } finally {
    disposeAll(params);
  }
}
