import * as tf from '@tensorflow/tfjs';
import { useTestBackend } from '../__tests__/setup-backend';
import { seeded } from '../__tests__/tiny-models';
import { squaredRowNorms } from '@otfuse/ot';
import { normaliseColumns, normalisedFeatureRows, normalisedFeatureRowsOfBlocks } from './normalised-columns';
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

/** The same normalisation as plain float64 loops, one feature at a time: `[features, rows]`. */
function featureRowsByLoops(values: Float32Array, rows: number, features: number, options: ActivationOptions): Float64Array {
  const out = new Float64Array(values.length);
  for (let f = 0; f < features; f++) {
    const column = Array.from({ length: rows }, (_, r) => values[r * features + f]);
    const mean = column.reduce((a, b) => a + b, 0) / rows;
    const std = Math.sqrt(column.reduce((a, b) => a + (b - mean) ** 2, 0) / (rows - 1));
    const norm = Math.sqrt(column.reduce((a, b) => a + b * b, 0));
    const [shift, scale] = options.std ? [mean, std + 1e-9] : options.center ? [mean, 1] : options.norm ? [0, norm] : [0, 1];
    column.forEach((v, r) => (out[f * rows + r] = (v - shift) / scale));
  }
  return out;
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

describe('normalisedFeatureRows', () => {
  // Larger than one 64 × 64 tile of the transpose in both directions, with partial tiles.
  const [rows, features] = [151, 70];
  const random = seeded(12);
  const values = Float32Array.from({ length: rows * features }, (_, i) => 2 * (i % 5) + (1 + (i % 3)) * (random() * 2 - 1));

  it.each([
    ['std', { std: true, center: true, norm: true }],
    ['center', { std: false, center: true, norm: true }],
    ['norm', { std: false, center: false, norm: true }],
    ['none', { std: false, center: false, norm: false }],
  ] as const)('%s: one row per feature, as float64 loops compute it', (_name, options) => {
    const { data } = normalisedFeatureRows(values, rows, features, options);
    const expected = featureRowsByLoops(values, rows, features, options);
    data.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
  });

  it('carries the squared norm of every row, the same numbers the ground cost would sum', () => {
    const { data, squaredNorms } = normalisedFeatureRows(values, rows, features, { std: true, center: true, norm: true });
    for (let f = 0; f < features; f++) {
      let sum = 0;
      for (let r = 0; r < rows; r++) sum += data[f * rows + r] ** 2;
      expect(squaredNorms[f]).toBeCloseTo(sum, 9);
    }
    // Exactly equal: a cost from these norms does not depend on who summed them.
    expect(Array.from(squaredNorms)).toEqual(Array.from(squaredRowNorms(data, features, rows)));
  });

  it('gives the same numbers, bit for bit, from the rows in blocks (with one not a multiple of a tile)', () => {
    const options = { std: true, center: true, norm: true };
    const whole = normalisedFeatureRows(values, rows, features, options);
    const cuts = [0, 70, 71, 150, rows];
    const blocks = cuts.slice(1).map((end, i) => values.subarray(cuts[i] * features, end * features));
    const inBlocks = normalisedFeatureRowsOfBlocks(blocks, rows, features, options);
    expect(Array.from(inBlocks.data)).toEqual(Array.from(whole.data));
    expect(Array.from(inBlocks.squaredNorms)).toEqual(Array.from(whole.squaredNorms));
  });

  it('refuses blocks that do not hold whole rows, or too few rows', () => {
    const options = { std: true, center: false, norm: false };
    expect(() => normalisedFeatureRowsOfBlocks([values.subarray(0, 5)], rows, features, options)).toThrow('a block of 5 values does not hold whole rows of 70 within [151, 70] (from row 0)');
    expect(() => normalisedFeatureRowsOfBlocks([values.subarray(0, 140)], rows, features, options)).toThrow('the blocks held 2 rows of [151, 70]');
  });

  it('is the columns layout of normaliseColumns, and its transpose the rows layout', () => {
    const options = { std: true, center: true, norm: true };
    const { data } = normalisedFeatureRows(values, rows, features, options);
    expect(Array.from(normaliseColumns(values, rows, features, options, 'columns'))).toEqual(Array.from(data));
    const byRows = normaliseColumns(values, rows, features, options, 'rows');
    for (let r = 0; r < rows; r++) for (let f = 0; f < features; f++) expect(byRows[r * features + f]).toBe(data[f * rows + r]);
  });
});
