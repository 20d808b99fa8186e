import * as tf from '@tensorflow/tfjs';
import { ArrayDataset } from '@otfuse/data';
import { useTestBackend } from './__fixtures__/backend';
import { evaluate } from './evaluate';

/** Inputs are the logits themselves, chosen so every softmax is easy to write down. */
const ln3 = Math.log(3);
const dataset = new ArrayDataset({
  name: 'hand-made',
  split: 'test',
  inputShape: [2],
  numClasses: 2,
  // p(label):     3/4 (right)    1/2 (tie → class 0, wrong)   1/4 (wrong)   1/(1+e^-3) (right)
  x: Float32Array.of(ln3, 0, 0, 0, 0, ln3, 2, 5),
  y: Int32Array.of(0, 1, 0, 1),
});
const perExampleLoss = [Math.log(4 / 3), Math.log(2), Math.log(4), Math.log(1 + Math.exp(-3))];

describe('evaluate', () => {
  beforeAll(useTestBackend);

  it('computes accuracy and mean cross-entropy across batches', async () => {
    const result = await evaluate((x) => tf.clone(x), dataset, { batchSize: 3 });
    expect(result.count).toBe(4);
    expect(result.accuracy).toBe(0.5);
    expect(result.loss).toBeCloseTo(perExampleLoss.reduce((a, b) => a + b) / 4, 6);
  });

  it('stops at the limit and accepts a model given as variables', async () => {
    const identity = tf.variable(tf.eye(2));
    const model = { params: { w: identity }, forward: (p: Record<string, tf.Tensor>, x: tf.Tensor) => tf.matMul(x, p.w) };
    const result = await evaluate(model, dataset, { limit: 3 });
    expect(result).toEqual({ task: 'classification', accuracy: 1 / 3, loss: expect.any(Number), count: 3, predictions: 3 });
    expect(result.loss).toBeCloseTo((perExampleLoss[0] + perExampleLoss[1] + perExampleLoss[2]) / 3, 6);
    identity.dispose();
  });

  it('leaves no tensor behind', async () => {
    const before = tf.memory().numTensors;
    await evaluate((x) => tf.mul(x, 2), dataset, { batchSize: 1 });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names the expected and found logits shapes', async () => {
    await expect(evaluate((x) => tf.concat([x, x], 1), dataset)).rejects.toThrow(
      'model output: expected logits [4, 2] for inputs [4, 2], got [4, 4]',
    );
    await expect(evaluate((x) => x, dataset, { batchSize: 0 })).rejects.toThrow('batchSize must be a positive integer, got 0');
  });

  it('scores a masked LM on its labelled tokens only: accuracy, loss and perplexity', async () => {
    // Two examples of 3 positions over 2 classes; the inputs are the logits [3, 2] of each example.
    // Labelled: example 0 position 0 (class 0, p 3/4, right) and position 2 (class 1, p 1/2 tie → wrong);
    // example 1 position 1 (class 1, p 1/4, wrong). Every other position is -100 and counts for nothing.
    const tokens = new ArrayDataset({
      name: 'masked',
      split: 'test',
      inputShape: [3, 2],
      numClasses: 2,
      labelShape: [3],
      x: Float32Array.of(ln3, 0, 9, 0, 0, 0, 0, 0, ln3, 0, 0, 9),
      y: Int32Array.of(0, -100, 1, -100, 1, -100),
    });
    const result = await evaluate((x) => tf.clone(x), tokens, { batchSize: 1 });
    const loss = (Math.log(4 / 3) + Math.log(2) + Math.log(4)) / 3;
    expect(result).toEqual({ task: 'masked-lm', accuracy: 1 / 3, loss: expect.any(Number), count: 2, predictions: 3, perplexity: expect.any(Number) });
    expect(result.loss).toBeCloseTo(loss, 6);
    expect(result.perplexity).toBeCloseTo(Math.exp(loss), 6);
  });
});
