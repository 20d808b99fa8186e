import { expectOtError } from '../__fixtures__/errors';
import { maxAbsDiff } from '../__fixtures__/plans';
import { Random } from '../__fixtures__/random';
import type { Matrix } from '../problem';
import { groundCost, groundCostFromGram } from './ground-cost';
import { GROUND_METRICS } from './ground-metrics';
import { innerProducts, squaredRowNorms } from './inner-products';
import { lowerMedian } from './normalise';

/** Direct definitions, entry by entry, to compare the fast forms against. */
function naiveEuclidean(x: Matrix, y: Matrix, n0: number, n1: number, d: number, squared = false): Float64Array {
  const out = new Float64Array(n0 * n1);
  for (let i = 0; i < n0; i++) {
    for (let j = 0; j < n1; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += (x[i * d + k] - y[j * d + k]) ** 2;
      out[i * n1 + j] = squared ? s : Math.sqrt(s);
    }
  }
  return out;
}

function naiveCosine(x: Matrix, y: Matrix, n0: number, n1: number, d: number): Float64Array {
  const out = new Float64Array(n0 * n1);
  for (let i = 0; i < n0; i++) {
    for (let j = 0; j < n1; j++) {
      let xy = 0;
      let xx = 0;
      let yy = 0;
      for (let k = 0; k < d; k++) {
        xy += x[i * d + k] * y[j * d + k];
        xx += x[i * d + k] ** 2;
        yy += y[j * d + k] ** 2;
      }
      out[i * n1 + j] = Math.max(0, 1 - xy / Math.sqrt(xx * yy));
    }
  }
  return out;
}

function gaussian(rng: Random, n: number): Float64Array {
  return Float64Array.from({ length: n }, () => rng.normal());
}

describe('innerProducts', () => {
  const rng = new Random(5);

  it.each([
    [1, 1, 3],
    [5, 7, 9],
    [8, 12, 16],
    [13, 262, 1100],
  ])('matches direct dot products for %i x %i rows of dimension %i (tiles, panels and chunks)', (n0, n1, d) => {
    const x = Float32Array.from(gaussian(rng, n0 * d));
    const y = gaussian(rng, n1 * d);
    const gram = innerProducts(x, y, n0, n1, d);
    const expected = new Float64Array(n0 * n1);
    for (let i = 0; i < n0; i++) {
      for (let j = 0; j < n1; j++) {
        for (let k = 0; k < d; k++) expected[i * n1 + j] += x[i * d + k] * y[j * d + k];
      }
    }
    expect(maxAbsDiff(gram, expected)).toBeLessThan(1e-12 * d);
    const norms = new Float64Array(n0);
    for (let i = 0; i < n0; i++) for (let k = 0; k < d; k++) norms[i] += x[i * d + k] ** 2;
    expect(maxAbsDiff(squaredRowNorms(x, n0, d), norms)).toBeLessThan(1e-12 * d);
  });
});

describe('groundCost', () => {
  const rng = new Random(11);
  const n0 = 9;
  const n1 = 6;
  const d = 5;
  const x = gaussian(rng, n0 * d);
  const y = Float32Array.from(gaussian(rng, n1 * d));

  it('euclidean (default) and squared euclidean match the definition', () => {
    expect(maxAbsDiff(groundCost(x, y, n0, n1, d), naiveEuclidean(x, y, n0, n1, d))).toBeLessThan(1e-12);
    expect(maxAbsDiff(groundCost(x, y, n0, n1, d, { metricParams: { squared: true } }), naiveEuclidean(x, y, n0, n1, d, true))).toBeLessThan(1e-12);
  });

  it('is never negative and near zero between identical points (matmul round-off)', () => {
    const cost = groundCost(x, x, n0, n0, d);
    for (let i = 0; i < n0; i++) expect(cost[i * n0 + i]).toBeLessThan(1e-7);
    expect(cost.every((c) => c >= 0)).toBe(true);
  });

  it('cosine matches max(0, 1 - cos) and treats a zero row as orthogonal to everything', () => {
    expect(maxAbsDiff(groundCost(x, y, n0, n1, d, { metric: GROUND_METRICS.get('cosine') }), naiveCosine(x, y, n0, n1, d))).toBeLessThan(1e-12);
    const withZero = Float64Array.from(x);
    withZero.fill(0, 0, d);
    const cost = groundCost(withZero, y, n0, n1, d, { metric: GROUND_METRICS.get('cosine') });
    for (let j = 0; j < n1; j++) expect(cost[j]).toBe(1);
    const same = groundCost(x, x, n0, n0, d, { metric: GROUND_METRICS.get('cosine') });
    for (let i = 0; i < n0; i++) expect(same[i * n0 + i]).toBeLessThan(1e-15);
  });

  it('normalises by max, median (the lower middle value), mean, or log1p', () => {
    const raw = naiveEuclidean(x, y, n0, n1, d);
    const sorted = [...raw].sort((a, b) => a - b);
    const max = sorted[sorted.length - 1];
    const median = sorted[(sorted.length - 1) >> 1];
    const mean = raw.reduce((a, b) => a + b, 0) / raw.length;
    const expectations: Array<[string, (c: number) => number]> = [
      ['max', (c) => c / max],
      ['median', (c) => c / median],
      ['mean', (c) => c / mean],
      ['log', (c) => Math.log1p(c)],
      ['none', (c) => c],
    ];
    for (const [mode, f] of expectations) {
      const cost = groundCost(x, y, n0, n1, d, { normalize: mode as never });
      expect(maxAbsDiff(cost, raw.map(f))).toBeLessThan(1e-12);
    }
    expect(Math.max(...groundCost(x, y, n0, n1, d, { normalize: 'max' }))).toBe(1);
  });

  it('lowerMedian picks rank floor((n - 1) / 2)', () => {
    for (let n = 1; n < 40; n++) {
      const values = Float64Array.from({ length: n }, () => Math.round(rng.next() * 10));
      const sorted = [...values].sort((a, b) => a - b);
      expect(lowerMedian(values)).toBe(sorted[(n - 1) >> 1]);
    }
  });

  it('clips the normalised cost to [reg * min, reg * max]', () => {
    const cost = groundCost(x, y, n0, n1, d, { normalize: 'max', clip: { reg: 0.1, min: 3, max: 6 } });
    const unclipped = groundCost(x, y, n0, n1, d, { normalize: 'max' });
    expect(maxAbsDiff(cost, unclipped.map((c) => Math.min(Math.max(c, 0.1 * 3), 0.1 * 6)))).toBeLessThan(1e-15);
    expect(Math.min(...cost)).toBeCloseTo(0.3, 15);
    expectOtError(() => groundCost(x, y, n0, n1, d, { clip: { reg: 0.1, min: 2, max: 1 } }), 'OT_INVALID_OPTION', 'got reg 0.1, min 2, max 1');
  });

  it('scales rows to unit norm first when asked (weight mode)', () => {
    const unit = (m: Matrix, n: number) => {
      const out = new Float64Array(n * d);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += m[i * d + k] ** 2;
        for (let k = 0; k < d; k++) out[i * d + k] = m[i * d + k] / (Math.sqrt(s) + 1e-9);
      }
      return out;
    };
    const cost = groundCost(x, y, n0, n1, d, { unitNormRows: true });
    expect(maxAbsDiff(cost, naiveEuclidean(unit(x, n0), unit(y, n1), n0, n1, d))).toBeLessThan(1e-12);
  });

  it('groundCostFromGram gives the same costs from inner products', () => {
    const gram = innerProducts(x, y, n0, n1, d);
    const xx = squaredRowNorms(x, n0, d);
    const yy = squaredRowNorms(y, n1, d);
    for (const options of [
      {},
      { metricParams: { squared: true } },
      { metric: GROUND_METRICS.get('cosine') },
      { normalize: 'median' as const, unitNormRows: true },
      { metric: GROUND_METRICS.get('cosine'), normalize: 'max' as const, clip: { reg: 0.5, min: 0.1, max: 1.5 } },
    ]) {
      expect(maxAbsDiff(groundCostFromGram(gram, xx, yy, n0, n1, options), groundCost(x, y, n0, n1, d, options))).toBeLessThan(1e-12);
    }
  });

  it('rejects NaN and Infinity inputs, naming the row and column', () => {
    const bad = Float64Array.from(x);
    bad[2 * d + 3] = Number.NaN;
    expectOtError(() => groundCost(bad, y, n0, n1, d), 'OT_NON_FINITE_INPUT', 'groundCost: x[row 2, col 3] is NaN');
    const badY = Float32Array.from(y);
    badY[d] = Number.NEGATIVE_INFINITY;
    expectOtError(() => groundCost(x, badY, n0, n1, d), 'OT_NON_FINITE_INPUT', 'y[row 1, col 0] is -Infinity');
    const gram = new Float64Array(n0 * n1);
    gram[7] = Number.POSITIVE_INFINITY;
    expectOtError(
      () => groundCostFromGram(gram, new Float64Array(n0), new Float64Array(n1), n0, n1),
      'OT_NON_FINITE_INPUT',
      'gram[row 1, col 1] is Infinity',
    );
  });

  it('rejects sizes that do not match, and unknown options', () => {
    expectOtError(() => groundCost(x, y, n0, n1, d + 1), 'OT_SHAPE_MISMATCH', 'x has 45 entries, expected n0*d = 9*6 = 54');
    expectOtError(() => groundCost(x, y, n0, 0, d), 'OT_EMPTY_PROBLEM', 'y needs positive integer sizes, got 0 x 5');
    expectOtError(() => groundCost(x, y, n0, n1, d, { normalize: 'l2' as never }), 'OT_INVALID_OPTION', "unknown normalize 'l2'");
    expect(() => groundCost(x, y, n0, n1, d, { metric: GROUND_METRICS.get('cosine'), metricParams: { squared: true } })).toThrow(
      "ground metric 'cosine': unknown parameter 'squared'; its parameters: (none)",
    );
  });

  it('refuses to normalise by a zero median of a non-zero cost, keeps an all-zero cost', () => {
    const points = new Float64Array(4 * d);
    points.fill(1, 3 * d);
    expectOtError(() => groundCost(points, points, 4, 4, d, { normalize: 'median' }), 'OT_NON_FINITE_COST', "normalise by the median: it is 0");
    const zeros = groundCost(points.subarray(0, 2 * d), points.subarray(0, 2 * d), 2, 2, d, { normalize: 'max' });
    expect([...zeros]).toEqual([0, 0, 0, 0]);
  });
});
