import * as tf from '@tensorflow/tfjs';
import { initWasmQuietly } from '../__fixtures__/backends';
import { tileGradConfig } from './tile-grad';

beforeAll(async () => {
  await initWasmQuietly();
  tf.registerGradient(tileGradConfig);
});

/** d/dx Σ w ⊙ tile(x, reps), for weights w = 0, 1, 2, … over the tiled output. */
function tileGradient(x: tf.Tensor, reps: number[]): number[] {
  return tf.tidy(() => {
    const grad = tf.grad((input: tf.Tensor) => {
      const tiled = tf.tile(input, reps);
      return tf.sum(tf.mul(tiled, tf.reshape(tf.range(0, tiled.size), tiled.shape)));
    })(x);
    expect(grad.shape).toEqual(x.shape);
    return Array.from(grad.dataSync());
  });
}

describe('Tile gradient', () => {
  it('sums the copies of each element (rank 1, by hand)', () => {
    // tile([a, b], [3]) = [a, b, a, b, a, b]: a meets weights 0, 2, 4 and b meets 1, 3, 5.
    expect(tileGradient(tf.tensor1d([5, 7]), [3])).toEqual([6, 9]);
  });

  it('sums over every tiled axis (rank 2, by hand)', () => {
    // tile(x [1, 2], [2, 2]) is [2, 4]: x[0,0] sits at columns 0 and 2 of rows 0 and 1, weights 0 + 2 + 4 + 6.
    expect(tileGradient(tf.tensor2d([[1, 1]]), [2, 2])).toEqual([12, 16]);
  });

  it('handles rank 5, which tfjs\'s own gradient refuses', () => {
    const x = tf.ones([1, 2, 1, 1, 1]);
    // Output [2, 2, 1, 1, 2], weights 0…7 in order: x[0,j] collects copies along axes 0 and 4.
    expect(tileGradient(x, [2, 1, 1, 1, 2])).toEqual([0 + 1 + 4 + 5, 2 + 3 + 6 + 7]);
  });

  it('runs the same kernels for every number of copies', () => {
    const kernelsFor = (copies: number) =>
      tf.tidy(() => {
        const before = tf.memory().numTensors;
        const grad = tf.grad((input: tf.Tensor) => tf.sum(tf.tile(input, [copies, 1])))(tf.ones([1, 3]));
        grad.dataSync();
        return tf.memory().numTensors - before;
      });
    expect(kernelsFor(64)).toBe(kernelsFor(2));
  });
});
