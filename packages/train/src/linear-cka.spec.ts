import * as tf from '@tensorflow/tfjs';
import { useTestBackend } from './__fixtures__/backend';
import { LinearCka } from './linear-cka';

/** The CKA of `x` against `y`, added in batches of `batch` rows. */
function ckaOf(x: number[][], y: number[][], batch = x.length): number {
  const cka = new LinearCka();
  for (let start = 0; start < x.length; start += batch) {
    const [a, b] = [tf.tensor2d(x.slice(start, start + batch)), tf.tensor2d(y.slice(start, start + batch))];
    cka.add(a, b);
    tf.dispose([a, b]);
  }
  return cka.value();
}

describe('linear CKA', () => {
  beforeAll(useTestBackend);

  const x = [[1, 0], [0, 1], [2, 2], [3, -1]];
  const y = [[1, 2, 0], [0, 1, 1], [1, 0, 2], [2, 1, 1]];

  // Values from numpy (float64):
  //   def cka(X, Y):
  //       X = X - X.mean(0); Y = Y - Y.mean(0)
  //       return np.linalg.norm(Y.T @ X)**2 / (np.linalg.norm(X.T @ X) * np.linalg.norm(Y.T @ Y))
  it('is ‖YᵀX‖²_F / (‖XᵀX‖_F ‖YᵀY‖_F) on column-centred outputs of other widths', () => {
    expect(ckaOf(x, y)).toBeCloseTo(0.6753032524419088, 6);
    expect(ckaOf(x, [[1, 0], [2, 0], [3, 0], [4, 1]])).toBeCloseTo(0.5148869875382326, 6);
  });

  it('adds up batch by batch, and column means far from zero do not change it', () => {
    expect(ckaOf(x, y, 3)).toBeCloseTo(0.6753032524419088, 6);
    const shifted = (rows: number[][], by: number) => rows.map((row) => row.map((v) => v + by));
    expect(ckaOf(shifted(x, 1000), shifted(y, -500), 1)).toBeCloseTo(0.6753032524419088, 5);
  });

  it('is 1 for outputs whose features are permuted, rotated or scaled, and symmetric', () => {
    const permuted = y.map(([a, b, c]) => [c, a, b]);
    expect(ckaOf(y, permuted)).toBeCloseTo(1, 6);
    // A rotation by 30° and a scale of 3.
    const [cos, sin] = [Math.cos(Math.PI / 6), Math.sin(Math.PI / 6)];
    expect(ckaOf(x, x.map(([a, b]) => [3 * (cos * a - sin * b), 3 * (sin * a + cos * b)]))).toBeCloseTo(1, 6);
    expect(ckaOf(y, x)).toBeCloseTo(ckaOf(x, y), 6);
  });

  it('is NaN with nothing added or for outputs the same on every example; refuses other example counts', () => {
    expect(new LinearCka().value()).toBeNaN();
    expect(ckaOf(x, x.map(() => [1, 2]))).toBeNaN();
    const [a, b] = [tf.zeros([2, 3]), tf.zeros([3, 3])];
    expect(() => new LinearCka().add(a, b)).toThrow('linear CKA: outputs [2, 3] and [3, 3] must hold the same examples [batch, ...]');
    tf.dispose([a, b]);
  });
});
