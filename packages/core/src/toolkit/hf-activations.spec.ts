import * as tf from '@tensorflow/tfjs';
import { useTestBackend } from '../__tests__/setup-backend';
import { activate } from './hf-activations';

beforeAll(useTestBackend);

describe('activate', () => {
  it('computes each ACT2FN name as transformers does', () => {
    const x = tf.tensor1d([-2, -0.5, 0, 1.5]);
    const expected = {
      relu: [0, 0, 0, 1.5],
      gelu: [-0.04550026, -0.15426877, 0, 1.3997892],
      gelu_new: [-0.04540231, -0.15428599, 0, 1.39957106],
      silu: [-0.23840584, -0.18877033, 0, 1.22636171],
      swish: [-0.23840584, -0.18877033, 0, 1.22636171],
      tanh: [-0.96402758, -0.46211716, 0, 0.90514825],
    };
    for (const [name, want] of Object.entries(expected)) {
      Array.from(activate(name as keyof typeof expected, x).dataSync()).forEach((v, i) => expect(v).toBeCloseTo(want[i], 6));
    }
  });
});
