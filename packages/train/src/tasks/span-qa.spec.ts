import * as tf from '@tensorflow/tfjs';
import { useTestBackend } from '../__fixtures__/backend';
import { spanQa } from './span-qa';

const ln = Math.log;

describe('span QA', () => {
  beforeAll(useTestBackend);

  // Four examples of 3 tokens; each token's logits are [start, end].
  // 0: start [ln 2, 0, 0] → p(0) 1/2, end [0, ln 2, 0] → p(1) 1/2; span (0, 1): both right, loss (ln 2 + ln 2)/2.
  // 1: start [0, 0, ln 2] → p(2) 1/2, end [ln 6, 0, 0] → p(2) 1/8; span (2, 2): the end is wrong, loss (ln 2 + ln 8)/2.
  // 2: span (-100, -100) and 3: span (1, -100) have no answer and count for nothing.
  const logits = () => tf.tensor3d([
    [[ln(2), 0], [0, ln(2)], [0, 0]],
    [[0, ln(6)], [0, 0], [ln(2), 0]],
    [[9, -9], [9, -9], [9, -9]],
    [[0, 0], [0, 0], [0, 0]],
  ]);
  const labels = () => tf.tensor2d([[0, 1], [2, 2], [-100, -100], [1, -100]], [4, 2], 'int32');

  it('scores exact matches (both ends right), the summed loss, the answered examples, then right starts and right ends', () => {
    const [l, y] = [logits(), labels()];
    const [hits, lossSum, predictions, starts, ends] = spanQa.score(l, y).dataSync();
    // Example 0 is right at both ends, example 1 at its start only; 2 and 3 count for nothing.
    expect([hits, predictions, starts, ends]).toEqual([1, 2, 2, 1]);
    expect(lossSum).toBeCloseTo(ln(2) + 2 * ln(2), 6);
    tf.dispose([l, y]);
  });

  it("trains on the mean of the start and end cross-entropies, as HuggingFace's QA heads", () => {
    const [l, y] = [logits(), labels()];
    const loss = spanQa.loss(l, y);
    // Start loss (ln 2 + ln 2)/2, end loss (ln 2 + ln 8)/2; their mean.
    expect(loss.dataSync()[0]).toBeCloseTo((ln(2) + 2 * ln(2)) / 2, 6);
    tf.dispose([l, y, loss]);
  });

  it('reads labels [2] and logits [tokens, 2], the token count being the data set\'s classes', () => {
    expect(spanQa.labelShape).toEqual([2]);
    expect(spanQa.logitsShape({ numClasses: 384, labelShape: [2] })).toEqual([384, 2]);
    expect(spanQa.classAxis).toBe(-2);
    expect(spanQa.parts).toEqual(['startAccuracy', 'endAccuracy']);
    expect(spanQa.metrics.map((m) => m.name)).toEqual(['exact match', 'start accuracy', 'end accuracy', 'loss']);
  });
});
