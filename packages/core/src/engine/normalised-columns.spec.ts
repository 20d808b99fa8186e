import * as tf from '@tensorflow/tfjs';
import { useTestBackend } from '../__tests__/setup-backend';
import { seeded } from '../__tests__/tiny-models';
import { normaliseColumns } from './normalised-columns';
import type { ActivationOptions } from './options';

/** ALGORITHM.md §3 written with tfjs ops, independently of the host code. */
function reference(values: Float32Array, rows: number, features: number, options: ActivationOptions): Float32Array {
  return tf.tidy(() => {
    const x = tf.tensor2d(values, [rows, features]);
    if (options.std || options.center) {
      const centred = tf.sub(x, tf.mean(x, 0, true));
      if (!options.std) return centred.dataSync() as Float32Array;
      const std = tf.sqrt(tf.div(tf.sum(tf.square(centred), 0, true), rows - 1));
      return tf.div(centred, tf.add(std, 1e-9)).dataSync() as Float32Array;
    }
    if (options.norm) return tf.div(x, tf.norm(x, 'euclidean', 0, true)).dataSync() as Float32Array;
    return x.dataSync() as Float32Array;
  });
}

describe('normaliseColumns', () => {
  beforeAll(useTestBackend);

  const [rows, features] = [37, 6];
  const random = seeded(11);
  // Features with offsets and spreads far from 0 and 1, so each normalisation changes them.
  const values = Float32Array.from({ length: rows * features }, (_, i) => 3 * (i % features) + (1 + (i % features)) * (random() * 2 - 1));

  it.each([
    ['std', { std: true, center: true, norm: true }],
    ['center', { std: false, center: true, norm: true }],
    ['norm', { std: false, center: false, norm: true }],
    ['none', { std: false, center: false, norm: false }],
  ] as const)('%s gives the tfjs formula, row-major', (_name, options) => {
    const ours = normaliseColumns(values, rows, features, options, 'rows');
    const expected = reference(values, rows, features, options);
    ours.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
  });

  it('writes one row per feature in the columns layout: exactly the transpose', () => {
    const options = { std: true, center: false, norm: false };
    const byRows = normaliseColumns(values, rows, features, options, 'rows');
    const byColumns = normaliseColumns(values, rows, features, options, 'columns');
    for (let r = 0; r < rows; r++) for (let f = 0; f < features; f++) expect(byColumns[f * rows + r]).toBe(byRows[r * features + f]);
  });

  it('refuses values that do not fill the shape', () => {
    expect(() => normaliseColumns(values, rows + 1, features, { std: true, center: false, norm: false }, 'rows')).toThrow(/do not fill \[38, 6\]/);
  });
});
