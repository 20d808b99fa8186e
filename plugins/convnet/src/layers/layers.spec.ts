import * as tf from '@tensorflow/tfjs';
import { useTestBackend } from '@otfuse/testing';
import { activate } from './activations';
import { batchNorm } from './batch-norm';
import { conv2d, maxPool } from './conv';

beforeAll(useTestBackend);

const values = (t: tf.Tensor) => Array.from(t.dataSync());

describe('convnet layers', () => {
  it('max-pools with padding that never wins, even over negative values', () => {
    // A 3×3 window, stride 2, padding 1 on a 4×4 map of negatives: padding must act as −∞, not 0.
    const x = tf.tensor4d(Array.from({ length: 16 }, (_, i) => -1 - i), [1, 4, 4, 1]);
    expect(values(maxPool(x, 3, 2, 1))).toEqual([-1, -2, -5, -6]);
    expect(maxPool(x, 3, 2, 1).shape).toEqual([1, 2, 2, 1]);
  });

  it('convolves with PyTorch weights [out, in, kh, kw], symmetric padding and floor output size', () => {
    // One input channel 3×3 (1…9), two output channels: a centre tap and a top-left tap, stride 2, padding 1.
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    const weight = tf.tensor4d([0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0], [2, 1, 3, 3]);
    const y = conv2d(x, weight, 2, 1);
    expect(y.shape).toEqual([1, 2, 2, 2]);
    // Output positions (0,0), (0,2), (2,0), (2,2) of the input; the top-left tap reads padding at the first.
    expect(values(y)).toEqual([1, 0, 3, 0, 7, 0, 9, 5]);
  });

  it('normalises with running statistics, or with the batch and records its unbiased variance', () => {
    const params = {
      'bn.weight': tf.tensor1d([0.5]),
      'bn.bias': tf.tensor1d([1]),
      'bn.running_mean': tf.tensor1d([1]),
      'bn.running_var': tf.tensor1d([4 - 1e-5]),
    };
    const x = tf.tensor4d([1, 3, 5, 7], [1, 2, 2, 1]);
    // (x − 1) / √4 · 0.5 + 1
    values(batchNorm(params, 'bn', x, { kind: 'running' })).forEach((v, i) => expect(v).toBeCloseTo([1, 1.5, 2, 2.5][i], 6));
    const recorded: Record<string, number[]> = {};
    const batch = batchNorm(params, 'bn', x, { kind: 'batch', record: (module, s) => (recorded[module] = [...s.mean.dataSync(), ...s.variance.dataSync()]) });
    // Mean 4, biased variance 5 normalises; the stored variance is the unbiased 20/3.
    expect(recorded.bn[0]).toBe(4);
    expect(recorded.bn[1]).toBeCloseTo(20 / 3, 5);
    values(batch).forEach((v, i) => expect(v).toBeCloseTo(1 + (0.5 * ([1, 3, 5, 7][i] - 4)) / Math.sqrt(5 + 1e-5), 5));
    expect(() => batchNorm(params, 'bn', tf.tensor4d([1], [1, 1, 1, 1]), { kind: 'batch', record: () => undefined })).toThrow('bn: batch statistics need more than one value per channel, got 1');
  });

  it('computes each activation as transformers does', () => {
    const x = tf.tensor1d([-2, -0.5, 0, 1.5]);
    const expected = {
      relu: [0, 0, 0, 1.5],
      gelu: [-0.04550026, -0.15426877, 0, 1.3997892],
      silu: [-0.23840584, -0.18877033, 0, 1.22636171],
      swish: [-0.23840584, -0.18877033, 0, 1.22636171],
      tanh: [-0.96402758, -0.46211716, 0, 0.90514825],
    };
    for (const [name, want] of Object.entries(expected)) {
      values(activate(name as keyof typeof expected, x)).forEach((v, i) => expect(v).toBeCloseTo(want[i], 6));
    }
  });
});
