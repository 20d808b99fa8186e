import * as tf from '@tensorflow/tfjs';
import { useTestBackend } from '../__fixtures__/backend';
import { causalLm } from './causal-lm';

const ln = Math.log;

describe('causal LM', () => {
  beforeAll(useTestBackend);

  // Two sequences of 3 tokens over 2 classes; the logits at position t are scored against label t+1.
  // Sequence 0, labels [1, 0, 1]: t0 [ln 3, 0] → label 0, p 3/4 (right, ln 4/3); t1 [0, 0] → label 1,
  // p 1/2 (a tie goes to class 0: wrong, ln 2); t2 predicts nothing.
  // Sequence 1, labels [0, -100, 1]: t0 → -100, not scored; t1 [0, ln 3] → label 1, p 3/4 (right, ln 4/3).
  const logits = () => tf.tensor3d([
    [[ln(3), 0], [0, 0], [9, 0]],
    [[5, 0], [0, ln(3)], [0, 9]],
  ]);
  const labels = () => tf.tensor2d([[1, 0, 1], [0, -100, 1]], [2, 3], 'int32');

  it('scores position t against token t+1: next-token hits, LM loss sum, predictions', () => {
    const [l, y] = [logits(), labels()];
    const [hits, lossSum, predictions] = causalLm.score(l, y).dataSync();
    expect([hits, predictions]).toEqual([2, 3]);
    expect(lossSum).toBeCloseTo(2 * ln(4 / 3) + ln(2), 6);
    tf.dispose([l, y]);
  });

  it('trains on the mean cross-entropy of the shifted labels', () => {
    const [l, y] = [logits(), labels()];
    const loss = causalLm.loss(l, y);
    expect(loss.dataSync()[0]).toBeCloseTo((2 * ln(4 / 3) + ln(2)) / 3, 6);
    tf.dispose([l, y, loss]);
  });

  it('reports next-token accuracy, LM loss and perplexity on logits [length, vocab]', () => {
    expect(causalLm.metrics.map((m) => [m.key, m.name])).toEqual([
      ['accuracy', 'next-token accuracy'],
      ['loss', 'LM loss'],
      ['perplexity', 'perplexity'],
    ]);
    expect(causalLm.logitsShape({ numClasses: 50257, labelShape: [64] })).toEqual([64, 50257]);
  });
});
