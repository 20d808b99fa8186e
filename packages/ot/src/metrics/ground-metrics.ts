import type { Matrix } from '../problem';
import { type Extension, type ParameterValues, Registry, extensionPoint } from '@otfuse/extension';
import { innerProducts, squaredRowNorms } from './inner-products';

/**
 * A distance between the rows of X [n0 x d] and the rows of Y [n1 x d], giving a row-major
 * n0 x n1 matrix of finite, non-negative values.
 */
export interface GroundMetric extends Extension {
  distances(x: Matrix, y: Matrix, n0: number, n1: number, d: number, params: ParameterValues): Float64Array;
  /**
   * The same distances from the inner products G = X Y^T and the squared row norms, for callers
   * that compute G elsewhere (e.g. on an accelerator). Optional for a metric.
   */
  distancesFromGram?(
    gram: Float64Array,
    xSquaredNorms: Float64Array,
    ySquaredNorms: Float64Array,
    n0: number,
    n1: number,
    params: ParameterValues,
  ): Float64Array;
}

/** Where ground metrics are registered in a container (`register(container)` adds the built-ins). */
export const GROUND_METRIC = extensionPoint<GroundMetric>('ground metric');

/** A metric computed from inner products: `distances` forms them, then defers to the Gram form. */
function gramMetric(metric: Extension & Required<Pick<GroundMetric, 'distancesFromGram'>>): GroundMetric {
  return {
    ...metric,
    distances: (x, y, n0, n1, d, params) =>
      metric.distancesFromGram(innerProducts(x, y, n0, n1, d), squaredRowNorms(x, n0, d), squaredRowNorms(y, n1, d), n0, n1, params),
  };
}

const euclidean = gramMetric({
  id: 'euclidean',
  description: '||x - y|| (or its square), as sqrt(max(|x|^2 + |y|^2 - 2 x.y, 0))',
  parameters: [{ name: 'squared', type: 'boolean', default: false, description: 'return squared distances' }],
  distancesFromGram: (gram, xx, yy, n0, n1, params) => {
    const squared = params.squared === true;
    const out = new Float64Array(n0 * n1);
    for (let i = 0; i < n0; i++) {
      const row = i * n1;
      const xi = xx[i];
      for (let j = 0; j < n1; j++) {
        const s = Math.max(xi + yy[j] - 2 * gram[row + j], 0);
        out[row + j] = squared ? s : Math.sqrt(s);
      }
    }
    return out;
  },
});

const cosine = gramMetric({
  id: 'cosine',
  description: 'max(0, 1 - cos(x, y)); a zero vector has cosine 0 with everything',
  parameters: [],
  distancesFromGram: (gram, xx, yy, n0, n1) => {
    const yNorms = Float64Array.from(yy, Math.sqrt);
    const out = new Float64Array(n0 * n1);
    for (let i = 0; i < n0; i++) {
      const row = i * n1;
      const xNorm = Math.sqrt(xx[i]);
      for (let j = 0; j < n1; j++) {
        const norms = xNorm * yNorms[j];
        const cos = norms > 0 ? gram[row + j] / norms : 0;
        out[row + j] = Math.max(0, 1 - cos);
      }
    }
    return out;
  },
});

/** The ground metrics this package provides, by id. */
export const GROUND_METRICS = new Registry<GroundMetric>('ground metric', [euclidean, cosine]);
