import * as tf from '@tensorflow/tfjs';
import { useTestBackend } from './__fixtures__/backend';
import { crossEntropyPerExample, crossEntropyPerPosition, softmaxCrossEntropy } from './loss';

describe('softmax cross-entropy', () => {
  beforeAll(useTestBackend);

  it('is −log softmax at the label, per example and on average', () => {
    // Rows: uniform over 4 classes → ln 4; logits [ln 3, 0, 0, 0] at label 0 → −ln(3/6) = ln 2.
    const logits = tf.tensor2d([[0, 0, 0, 0], [Math.log(3), 0, 0, 0]]);
    const labels = tf.tensor1d([2, 0], 'int32');
    const perExample = crossEntropyPerExample(logits, labels);
    const expected = [Math.log(4), Math.log(2)];
    Array.from(perExample.dataSync()).forEach((value, i) => expect(value).toBeCloseTo(expected[i], 6));
    const mean = softmaxCrossEntropy(logits, labels);
    expect(mean.dataSync()[0]).toBeCloseTo((expected[0] + expected[1]) / 2, 6);
    tf.dispose([logits, labels, perExample, mean]);
  });

  it('stays finite for large logits', () => {
    const logits = tf.tensor2d([[1000, 0]]);
    const labels = tf.tensor1d([1], 'int32');
    const loss = softmaxCrossEntropy(logits, labels);
    expect(loss.dataSync()[0]).toBeCloseTo(1000, 3);
    tf.dispose([logits, labels, loss]);
  });

  it('names both shapes when they disagree', () => {
    const logits = tf.zeros([3, 2]);
    const labels = tf.zeros([2], 'int32') as tf.Tensor1D;
    expect(() => crossEntropyPerExample(logits, labels)).toThrow('expected logits [batch, classes] and labels [batch], got logits [3, 2] and labels [2]');
    tf.dispose([logits, labels]);
  });

  it('ignores -100 labels: the mean runs over labelled tokens, per example and over the batch', () => {
    // Example 0: positions ln 4 (label 2 of uniform 4) and ignored; example 1: ln 2, ln 4.
    const logits = tf.tensor3d([
      [[0, 0, 0, 0], [50, 0, 0, 0]],
      [[Math.log(3), 0, 0, 0], [0, 0, 0, 0]],
    ]);
    const labels = tf.tensor2d([[2, -100], [0, 3]], [2, 2], 'int32');
    const perExample = crossEntropyPerExample(logits, labels);
    expect(Array.from(perExample.dataSync())).toEqual([expect.closeTo(Math.log(4), 6), expect.closeTo((Math.log(2) + Math.log(4)) / 2, 6)]);
    const mean = softmaxCrossEntropy(logits, labels);
    expect(mean.dataSync()[0]).toBeCloseTo((2 * Math.log(4) + Math.log(2)) / 3, 6);
    const { losses, labelled } = crossEntropyPerPosition(logits, labels);
    expect(Array.from(labelled.dataSync())).toEqual([1, 0, 1, 1]);
    expect(Math.abs(losses.dataSync()[1])).toBe(0);
    tf.dispose([logits, labels, perExample, mean, losses, labelled]);
  });

  it('gives 0 for a batch without labels, and names per-token shapes that disagree', () => {
    const logits = tf.zeros([1, 2, 3]);
    const none = tf.fill([1, 2], -100, 'int32');
    expect(softmaxCrossEntropy(logits, none).dataSync()[0]).toBe(0);
    const wrong = tf.zeros([1, 3], 'int32');
    expect(() => softmaxCrossEntropy(logits, wrong)).toThrow('got logits [1, 2, 3] and labels [1, 3]');
    tf.dispose([logits, none, wrong]);
  });
});
