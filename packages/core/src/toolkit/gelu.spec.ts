import * as tf from '@tensorflow/tfjs';
import { useTestBackend } from '../__tests__/setup-backend';
import { gelu, geluTanh } from './gelu';

beforeAll(useTestBackend);

const x = () => tf.tensor1d([-3, -1, -0.5, 0, 0.5, 1, 3]);

describe('GELU', () => {
  it("is exact, x·Φ(x), as torch's gelu", () => {
    // torch.nn.functional.gelu on these values.
    const expected = [-0.00404969, -0.15865526, -0.15426877, 0, 0.34573123, 0.84134474, 2.99595031];
    Array.from(gelu(x()).dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
  });

  it("approximates with tanh as HuggingFace's gelu_new", () => {
    // transformers' NewGELUActivation on these values.
    const expected = [-0.00363752, -0.15880801, -0.15428599, 0, 0.34571401, 0.84119199, 2.99636248];
    Array.from(geluTanh(x()).dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
  });

  it("has torch's derivative, Φ(x) + x·φ(x)", () => {
    // torch.autograd on torch.nn.functional.gelu (float64) at these values.
    const expected = [-0.01194565, -0.08331547, 0.13250488, 0.5, 0.86749512, 1.08331547, 1.01194565];
    Array.from(tf.grad((v: tf.Tensor) => tf.sum(gelu(v)))(x()).dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
  });

  it('keeps the shape', () => {
    expect(gelu(tf.zeros([2, 3])).shape).toEqual([2, 3]);
  });
});
