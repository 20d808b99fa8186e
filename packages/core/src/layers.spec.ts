import * as tf from '@tensorflow/tfjs';
import { useTestBackend } from './__tests__/setup-backend';
import { layerNorm } from './layers';

beforeAll(useTestBackend);

const rows = (t: tf.Tensor) => (t.arraySync() as number[][]).flat();
const expectClose = (actual: number[], expected: number[]) => actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));

describe('layerNorm', () => {
  // torch.nn.functional.layer_norm(x, (4,), w, b, 1e-5) in float64, and its gradients for dy.
  const x = () => tf.tensor2d([[0.5, -1, 2, 0.25], [3, 1, -2, 0], [-0.5, -0.75, 1.5, 2.5]]);
  const w = () => tf.tensor1d([1.5, -0.5, 2, 0.75]);
  const b = () => tf.tensor1d([0.1, 0.2, -0.3, 0.4]);
  const dy = () => tf.tensor2d([[1, -2, 0.5, 0.25], [0, 1.5, -1, 2], [-0.5, 0.75, 1.25, -1.5]]);

  it("normalises as PyTorch's nn.LayerNorm", () => {
    const expected = [0.1879312, 0.874139, 2.631039, 0.2681032, 2.1801225, 0.0613252, -3.0734967, 0.1919877, -1.2076662, 0.7276548, 0.8929586, 1.3979558];
    expectClose(rows(layerNorm(x(), w(), b(), 1e-5)), expected);
  });

  it("has PyTorch's gradients for the input, weight and bias", () => {
    const upstream = dy();
    const [dx, dw, db] = tf.grads((input: tf.Tensor, weight: tf.Tensor, bias: tf.Tensor) => tf.sum(tf.mul(layerNorm(input as tf.Tensor2D, weight, bias, 1e-5), upstream)))([x(), w(), b()]);
    expectClose(rows(dx), [0.5398752, 0.1277163, 0.0141017, -0.6816933, -0.2400129, -0.3253522, -0.5226987, 1.0880638, -0.429466, -0.1190072, 1.6751656, -1.1266925]);
    expectClose(Array.from(dw.dataSync()), [0.4945095, 2.3210983, 2.8651072, -2.5945764]);
    expectClose(Array.from(db.dataSync()), [0.5, 0.25, 0.75, 0.75]);
    expect([dw.shape, db.shape]).toEqual([[4], [4]]);
  });

  it('keeps no tensor when no gradient is recorded', () => {
    const [input, weight, bias] = [x(), w(), b()];
    const before = tf.memory().numTensors;
    const out = layerNorm(input, weight, bias, 1e-5);
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([out, input, weight, bias]);
  });
});
