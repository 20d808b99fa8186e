import * as tf from '@tensorflow/tfjs';
import { useTestBackend } from '../__fixtures__/backend';
import { classification } from './classification';
import { maskedLm } from './masked-lm';
import { tokenClassification } from './token-classification';

const ln = Math.log;

describe('tasks scored by cross-entropy at each labelled position', () => {
  beforeAll(useTestBackend);

  it('token classification: loss and [hits, loss sum, predictions] over the labelled tokens', () => {
    // One example of 3 tokens over 2 classes, labels [0, -100, 1]:
    // token 0 p(0) = 3/4 (right, ln 4/3), token 1 ignored, token 2 p(1) = 1/4 (wrong, ln 4).
    const logits = tf.tensor3d([[[ln(3), 0], [9, 0], [ln(3), 0]]]);
    const labels = tf.tensor2d([[0, -100, 1]], [1, 3], 'int32');
    const loss = tokenClassification.loss(logits, labels);
    const [hits, lossSum, predictions] = tokenClassification.score(logits, labels).dataSync();
    expect(loss.dataSync()[0]).toBeCloseTo((ln(4 / 3) + ln(4)) / 2, 6);
    expect([hits, predictions]).toEqual([1, 2]);
    expect(lossSum).toBeCloseTo(ln(4 / 3) + ln(4), 6);
    tf.dispose([logits, labels, loss]);
  });

  it('declare their logits shapes: [classes] per example, [length, classes] per token', () => {
    expect(classification.logitsShape({ numClasses: 10 })).toEqual([10]);
    expect(classification.logitsShape({ numClasses: 10, labelShape: [] })).toEqual([10]);
    expect(tokenClassification.logitsShape({ numClasses: 9, labelShape: [12] })).toEqual([12, 9]);
    expect(maskedLm.logitsShape({ numClasses: 30522, labelShape: [128] })).toEqual([128, 30522]);
  });

  it('share one scoring: classification, token classification and masked LM score the same logits alike', () => {
    const logits = tf.tensor2d([[ln(3), 0], [0, 0]]);
    const labels = tf.tensor1d([0, 1], 'int32');
    const scores = [classification, tokenClassification, maskedLm].map((task) => Array.from(task.score(logits, labels).dataSync()));
    // p(label) 3/4 (right) and 1/2 (a tie goes to class 0: wrong).
    expect(scores[0]).toEqual([1, expect.closeTo(ln(4 / 3) + ln(2), 6), 2]);
    expect(scores[1]).toEqual(scores[0]);
    expect(scores[2]).toEqual(scores[0]);
    tf.dispose([logits, labels]);
  });
});
