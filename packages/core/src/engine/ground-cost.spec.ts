import { GROUND_METRICS, squaredRowNorms } from '@otfuse/ot';
import { loopProduct } from '../__tests__/loop-product';
import { useTestBackend } from '../__tests__/setup-backend';
import { seeded } from '../__tests__/tiny-models';
import { fusionGroundCost } from './ground-cost';
import { DEFAULT_FUSION_OPTIONS } from './options';

/** Max-normalised euclidean distances between rows, as float64 loops. */
function maxNormalisedDistances(x: Float32Array, y: Float32Array, n0: number, n1: number, dim: number): Float64Array {
  const out = new Float64Array(n0 * n1);
  for (let i = 0; i < n0; i++) {
    for (let j = 0; j < n1; j++) {
      let sum = 0;
      for (let k = 0; k < dim; k++) sum += (x[i * dim + k] - y[j * dim + k]) ** 2;
      out[i * n1 + j] = Math.sqrt(sum);
    }
  }
  const max = out.reduce((a, b) => Math.max(a, b), 0);
  return out.map((v) => v / max);
}

/** A·Bᵀ in float64 loops, returned in float32 like a native product. */
const hostLoopProduct = (a: Float32Array, b: Float32Array, m: number, k: number, n: number) => Float32Array.from(loopProduct(a, b, m, k, n));

describe('fusionGroundCost', () => {
  beforeAll(useTestBackend);

  const [n0, n1, dim] = [8, 6, 41];
  const random = seeded(31);
  const x = Float32Array.from({ length: n0 * dim }, () => random() * 2 - 1);
  const y = Float32Array.from({ length: n1 * dim }, () => random() * 2 - 1);
  const expected = maxNormalisedDistances(x, y, n0, n1, dim);
  const metric = GROUND_METRICS.get('euclidean');
  const cost = (route: Parameters<typeof fusionGroundCost>[5], withNorms: boolean) =>
    fusionGroundCost(
      metric,
      { squared: false },
      DEFAULT_FUSION_OPTIONS.groundMetric,
      { count: n0, dim, data: x, squaredNorms: withNorms ? squaredRowNorms(x, n0, dim) : undefined },
      { count: n1, dim, data: y, squaredNorms: withNorms ? squaredRowNorms(y, n1, dim) : undefined },
      route,
    );

  it.each([
    ['TensorFlow.js, norms summed here', { unitNormRows: false }, false],
    ['a host product, norms from the descriptions', { unitNormRows: false, hostProduct: hostLoopProduct }, true],
  ] as const)('gives max-normalised euclidean distances: %s', (_name, route, withNorms) => {
    cost(route, withNorms).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
  });

  it('sums the norms again after scaling rows to unit norm, ignoring those the descriptions carry', () => {
    const unit = (v: Float32Array, n: number) => {
      const out = new Float32Array(v.length);
      for (let i = 0; i < n; i++) {
        const norm = Math.sqrt(v.subarray(i * dim, (i + 1) * dim).reduce((a, b) => a + b * b, 0)) + 1e-9;
        for (let k = 0; k < dim; k++) out[i * dim + k] = v[i * dim + k] / norm;
      }
      return out;
    };
    const unitExpected = maxNormalisedDistances(unit(x, n0), unit(y, n1), n0, n1, dim);
    cost({ unitNormRows: true, hostProduct: hostLoopProduct }, true).forEach((v, i) => expect(v).toBeCloseTo(unitExpected[i], 5));
  });
});
