/** X·Yᵀ of row-major `x` `[n0, dim]` and `y` `[n1, dim]` in float64 loops: a reference independent of tfjs and onnxruntime. */
export function loopProduct(x: Float32Array, y: Float32Array, n0: number, dim: number, n1: number): Float64Array {
  const out = new Float64Array(n0 * n1);
  for (let i = 0; i < n0; i++) for (let j = 0; j < n1; j++) for (let k = 0; k < dim; k++) out[i * n1 + j] += x[i * dim + k] * y[j * dim + k];
  return out;
}
