import * as tf from '@tensorflow/tfjs';
import { ArrayDataset } from '@otfuse/data';
import { useTestBackend } from '../__fixtures__/backend';
import { compareOutputs } from '../compare-outputs';
import { evaluate } from '../evaluate';
import { EvaluationScorer } from '../evaluation-scorer';
import { train } from '../train';
import { features } from './features';

describe('features (no labels)', () => {
  beforeAll(useTestBackend);

  // Outputs against reference outputs, per example:
  // [1, 0] vs [0, 1]: mean squared difference (1 + 1)/2 = 1, cosine 0;
  // [3, 4] vs [6, 8]: (9 + 16)/2 = 12.5, cosine 50 / (5 · 10) = 1;
  // [0, 0] vs [1, 1]: (1 + 1)/2 = 1, cosine 0 (all zeros on one side).
  const outputs = [[1, 0], [3, 4], [0, 0]];
  const reference = [[0, 1], [6, 8], [1, 1]];

  it('compares outputs with reference outputs: [Σ mean squared difference, Σ cosine similarity, examples]', () => {
    const [a, b] = [tf.tensor2d(outputs), tf.tensor2d(reference)];
    expect(Array.from(features.compare(a, b).dataSync())).toEqual([14.5, 1, 3]);
    tf.dispose([a, b]);
  });

  it('compares two models over a data set, batch by batch, without reading its labels', async () => {
    // Each input holds the model's outputs, then the reference's.
    const data = new ArrayDataset({
      name: 'pairs',
      split: 'test',
      inputShape: [4],
      numClasses: 1,
      x: Float32Array.from(outputs.flatMap((o, i) => [...o, ...reference[i]])),
      y: new Int32Array(3),
    });
    const model = (x: tf.Tensor) => tf.slice(x, [0, 0], [-1, 2]);
    const parent = (x: tf.Tensor) => tf.slice(x, [0, 2], [-1, 2]);
    const before = tf.memory().numTensors;
    // Linear CKA of the outputs against the reference outputs, from numpy (column-centred X, Y): ‖YᵀX‖²_F / (‖XᵀX‖_F ‖YᵀY‖_F).
    expect(await compareOutputs(model, parent, data, { task: features, batchSize: 2 })).toEqual({ meanSquaredDifference: 14.5 / 3, cosineSimilarity: 1 / 3, linearCka: expect.closeTo(0.9752865357379605, 6), count: 3 });
    // One example: nothing varies, CKA is undefined.
    expect(await compareOutputs(model, parent, data, { task: features, limit: 1 })).toEqual({ meanSquaredDifference: 1, cosineSimilarity: 0, linearCka: NaN, count: 1 });
    expect(tf.memory().numTensors).toBe(before);
    // A reference of another width: linear CKA alone, the per-example scores need one shape.
    const wide = await compareOutputs(model, (x) => x, data, { task: features });
    expect(wide).toEqual({ linearCka: expect.any(Number), count: 3 });
    expect(wide.linearCka).toBeGreaterThan(0);
  });

  it('cannot be trained or scored: a clear TrainError', async () => {
    const data = new ArrayDataset({ name: 'tiny', split: 'train', inputShape: [2], numClasses: 2, x: new Float32Array(4), y: new Int32Array(2) });
    const model = (x: tf.Tensor) => x;
    const refusal = (action: string) => `task 'features' reads no labels: there is nothing to ${action} on tiny (train); compare its outputs with a reference model's (compareOutputs)`;
    await expect(train(model, data, { task: features, steps: 1, batchSize: 1, lr: 0.1, seed: 0 })).rejects.toThrow(refusal('train'));
    await expect(evaluate(model, data, { task: features })).rejects.toThrow(refusal('evaluate'));
    expect(() => new EvaluationScorer(model, features, data, 1)).toThrow(refusal('score'));
    await expect(evaluate(model, data, { task: features })).rejects.toMatchObject({ name: 'TrainError', code: 'NO_LABELS' });
  });
});
