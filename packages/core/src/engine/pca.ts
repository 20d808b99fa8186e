import { FusionError } from '../errors';
import type { NeuronDescriptions } from './map-solver';

/**
 * PCA of neuron descriptions (rows = neurons, columns = samples), as the reference does it: both
 * models' descriptions are projected on the top-k left singular vectors of the anchor's
 * activations centred per neuron, which live in sample space. Those directions sum to zero, so
 * a constant offset per neuron (the reference subtracts the anchor neuron's mean of the same
 * index; with models of different widths each neuron's own mean is used) does not change the
 * projection. `k` is capped at the anchor's rank bound min(neurons, samples): beyond it the
 * reference's extra directions are arbitrary. Directions come from the anchor's Gram matrix
 * (neurons × neurons) by subspace iteration, so the cost grows with the neuron count.
 */
export function projectOnAnchorComponents(
  model: NeuronDescriptions,
  anchor: NeuronDescriptions,
  requestedK: number,
  label: string,
): [NeuronDescriptions, NeuronDescriptions] {
  const { count: n, dim: d } = anchor;
  if (!Number.isInteger(requestedK) || requestedK < 1) {
    throw new FusionError('BAD_OPTION', `pca_k must be a positive integer, got ${requestedK}`, [label]);
  }
  if (model.dim !== d) {
    throw new FusionError('SHAPE_MISMATCH', `PCA needs descriptions over the same samples: ${model.dim} vs ${d}`, [label]);
  }
  const k = Math.min(requestedK, n, d);
  const anchorMeans = neuronMeans(anchor);
  const modelMeans = model.count === n ? anchorMeans : neuronMeans(model);
  const centred = (x: NeuronDescriptions, means: Float64Array) => {
    const out = new Float64Array(x.count * d);
    for (let i = 0; i < x.count; i++) for (let j = 0; j < d; j++) out[i * d + j] = x.data[i * d + j] - means[i];
    return out;
  };
  const anchorC = centred(anchor, anchorMeans);
  const gram = multiplyTransposed(anchorC, anchorC, n, n, d);
  const { vectors, values } = topEigenvectors(gram, n, k);
  // Left singular vectors in sample space: u_c = Xcᵀ v_c / √λ_c (zero for null components).
  const directions = new Float64Array(d * k);
  for (let c = 0; c < k; c++) {
    const scale = values[c] > 1e-12 ? 1 / Math.sqrt(values[c]) : 0;
    for (let i = 0; i < n; i++) {
      const v = vectors[i * k + c] * scale;
      if (v === 0) continue;
      for (let j = 0; j < d; j++) directions[j * k + c] += anchorC[i * d + j] * v;
    }
  }
  const project = (count: number, xc: Float64Array): NeuronDescriptions => {
    const out = new Float32Array(count * k);
    for (let i = 0; i < count; i++) {
      for (let c = 0; c < k; c++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += xc[i * d + j] * directions[j * k + c];
        out[i * k + c] = s;
      }
    }
    return { count, dim: k, data: out };
  };
  return [project(model.count, centred(model, modelMeans)), project(n, anchorC)];
}

function neuronMeans(x: NeuronDescriptions): Float64Array {
  const means = new Float64Array(x.count);
  for (let i = 0; i < x.count; i++) {
    let s = 0;
    for (let j = 0; j < x.dim; j++) s += x.data[i * x.dim + j];
    means[i] = s / x.dim;
  }
  return means;
}

/** `A·Bᵀ` for row-major A [ra, d] and B [rb, d]. */
function multiplyTransposed(a: Float64Array, b: Float64Array, ra: number, rb: number, d: number): Float64Array {
  const out = new Float64Array(ra * rb);
  for (let i = 0; i < ra; i++) {
    for (let j = 0; j < rb; j++) {
      let s = 0;
      for (let t = 0; t < d; t++) s += a[i * d + t] * b[j * d + t];
      out[i * rb + j] = s;
    }
  }
  return out;
}

/** Top-k eigenpairs of a symmetric PSD matrix [n, n]: vectors as columns of [n, k], values descending. */
export function topEigenvectors(matrix: Float64Array, n: number, k: number, iterations = 200): { vectors: Float64Array; values: Float64Array } {
  // Deterministic start: a fixed pseudo-random block, so results never depend on global state.
  let q: Float64Array = new Float64Array(n * k);
  let seed = 12345;
  for (let i = 0; i < q.length; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    q[i] = seed / 4294967296 - 0.5;
  }
  orthonormalizeColumns(q, n, k);
  for (let it = 0; it < iterations; it++) {
    q = multiply(matrix, q, n, n, k);
    orthonormalizeColumns(q, n, k);
  }
  // Rayleigh–Ritz: eigen-decompose the small k×k projection and rotate the basis.
  const aq = multiply(matrix, q, n, n, k);
  const small = new Float64Array(k * k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += q[i * k + a] * aq[i * k + b];
    small[a * k + b] = s;
  }
  const { vectors: rot, values } = jacobiEigen(small, k);
  const order = [...values.keys()].sort((a, b) => values[b] - values[a]);
  const vectors = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) {
    let s = 0;
    for (let t = 0; t < k; t++) s += q[i * k + t] * rot[t * k + order[c]];
    vectors[i * k + c] = s;
  }
  return { vectors, values: Float64Array.from(order, (o) => Math.max(values[o], 0)) };
}

function multiply(a: Float64Array, b: Float64Array, ra: number, inner: number, cb: number): Float64Array {
  const out = new Float64Array(ra * cb);
  for (let i = 0; i < ra; i++) for (let t = 0; t < inner; t++) {
    const v = a[i * inner + t];
    if (v === 0) continue;
    for (let j = 0; j < cb; j++) out[i * cb + j] += v * b[t * cb + j];
  }
  return out;
}

/** Modified Gram–Schmidt on the columns of [n, k]; a vanishing column is replaced by a unit vector. */
function orthonormalizeColumns(q: Float64Array, n: number, k: number): void {
  let attempt = 0;
  for (let c = 0; c < k; c++) {
    for (let p = 0; p < c; p++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += q[i * k + c] * q[i * k + p];
      for (let i = 0; i < n; i++) q[i * k + c] -= dot * q[i * k + p];
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += q[i * k + c] ** 2;
    norm = Math.sqrt(norm);
    if (norm < 1e-12 && attempt < n) {
      for (let i = 0; i < n; i++) q[i * k + c] = i === (c + attempt) % n ? 1 : 0;
      attempt++;
      c--; // orthogonalise the replacement against the columns before it
      continue;
    }
    attempt = 0;
    for (let i = 0; i < n; i++) q[i * k + c] /= norm;
  }
}

/** Cyclic Jacobi eigen-decomposition of a small symmetric matrix. */
function jacobiEigen(input: Float64Array, k: number): { vectors: Float64Array; values: number[] } {
  const a = Float64Array.from(input);
  const v = new Float64Array(k * k);
  for (let i = 0; i < k; i++) v[i * k + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < k; p++) for (let r = p + 1; r < k; r++) off += a[p * k + r] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < k; p++) for (let r = p + 1; r < k; r++) {
      const apr = a[p * k + r];
      if (Math.abs(apr) < 1e-300) continue;
      const theta = (a[r * k + r] - a[p * k + p]) / (2 * apr);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1);
      const s = t * c;
      for (let i = 0; i < k; i++) {
        const aip = a[i * k + p];
        const air = a[i * k + r];
        a[i * k + p] = c * aip - s * air;
        a[i * k + r] = s * aip + c * air;
      }
      for (let i = 0; i < k; i++) {
        const api = a[p * k + i];
        const ari = a[r * k + i];
        a[p * k + i] = c * api - s * ari;
        a[r * k + i] = s * api + c * ari;
      }
      for (let i = 0; i < k; i++) {
        const vip = v[i * k + p];
        const vir = v[i * k + r];
        v[i * k + p] = c * vip - s * vir;
        v[i * k + r] = s * vip + c * vir;
      }
    }
  }
  return { vectors: v, values: Array.from({ length: k }, (_, i) => a[i * k + i]) };
}
