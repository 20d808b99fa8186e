import * as tf from '@tensorflow/tfjs';
import { ArrayDataset, type Dataset } from '@otfuse/data';
import { useTestBackend } from '../__fixtures__/backend';
import { evaluate } from '../evaluate';
import { train } from '../train';
import { TASKS } from './builtin-tasks';
import { maskedLm } from './masked-lm';
import { spanQa } from './span-qa';
import type { Task } from './task';

/** Two examples of 3 inputs with labels of `labelShape` per example. */
function labelled(labelShape?: number[]): Dataset {
  const perExample = (labelShape ?? []).reduce((a, b) => a * b, 1);
  return new ArrayDataset({ name: 'tiny', split: 'test', inputShape: [3], numClasses: 3, labelShape, x: new Float32Array(6), y: new Int32Array(2 * perExample) });
}

describe("a data set's label shape against the task's", () => {
  beforeAll(useTestBackend);
  const model = (x: tf.Tensor) => x;

  it.each<[string, number[] | undefined, string]>([
    ['classification', [3], "tiny (test) has labels [3] per example; task 'classification' expects [] (one class per example)"],
    ['masked-lm', undefined, "tiny (test) has labels [] per example; task 'masked-lm' expects [length] (one label per token)"],
    ['causal-lm', [3, 2], "tiny (test) has labels [3, 2] per example; task 'causal-lm' expects [length] (one label per token)"],
    ['span-qa', [3], "tiny (test) has labels [3] per example; task 'span-qa' expects [2] (a start and an end token per example)"],
  ])('refuses %s on labels %j before anything runs', async (id, labelShape, message) => {
    const task = TASKS.get(id);
    const data = labelled(labelShape);
    await expect(evaluate(model, data, { task })).rejects.toThrow(message);
    await expect(train(model, data, { task, steps: 1, batchSize: 1, lr: 0.1, seed: 0 })).rejects.toThrow(message);
    await expect(evaluate(model, data, { task })).rejects.toMatchObject({ name: 'TrainError', code: 'LABEL_SHAPE_MISMATCH' });
  });

  it('accepts any length for a per-token task and [2] for span QA', async () => {
    const evaluated = (task: Task, labelShape: number[], numClasses: number, logits: (x: tf.Tensor) => tf.Tensor) => {
      const size = labelShape.reduce((a, b) => a * b, 1);
      const data = new ArrayDataset({ name: 'fits', split: 'test', inputShape: [1], numClasses, labelShape, x: new Float32Array(1), y: new Int32Array(size) });
      return evaluate(logits, data, { task });
    };
    // One example, uniform logits: every loss is ln(classes).
    expect((await evaluated(maskedLm, [5], 4, () => tf.zeros([1, 5, 4]))).loss).toBeCloseTo(Math.log(4), 6);
    expect((await evaluated(spanQa, [2], 6, () => tf.zeros([1, 6, 2]))).loss).toBeCloseTo(Math.log(6), 6);
  });
});
