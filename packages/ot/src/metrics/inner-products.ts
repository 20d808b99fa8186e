import type { Matrix } from '../problem';

/**
 * Inner products G = X Y^T of row-major X [n0 x d] and Y [n1 x d], accumulated in float64.
 * This is the heavy part of a cost matrix (2 n0 n1 d operations), so it runs as a blocked
 * product: the feature axis is cut into chunks and the rows of Y into panels that stay in
 * cache, and a 4x4 register block accumulates sixteen dot products from eight loads per step.
 */

/** Features per chunk and Y rows per panel: a panel of Y (float32) then takes about 1 MiB. */
const DEPTH_CHUNK = 1024;
const PANEL_ROWS = 256;

export function innerProducts(x: Matrix, y: Matrix, n0: number, n1: number, d: number): Float64Array {
  const gram = new Float64Array(n0 * n1);
  const rows0 = n0 - (n0 % 4);
  const rows1 = n1 - (n1 % 4);
  for (let k0 = 0; k0 < d; k0 += DEPTH_CHUNK) {
    const k1 = Math.min(d, k0 + DEPTH_CHUNK);
    for (let p0 = 0; p0 < rows1; p0 += PANEL_ROWS) {
      const p1 = Math.min(rows1, p0 + PANEL_ROWS);
      for (let i = 0; i < rows0; i += 4) {
        for (let j = p0; j < p1; j += 4) block4x4(x, y, gram, i, j, n1, d, k0, k1);
      }
    }
  }
  // Rows and columns outside the 4x4 tiling.
  for (let i = 0; i < n0; i++) {
    const jStart = i < rows0 ? rows1 : 0;
    for (let j = jStart; j < n1; j++) gram[i * n1 + j] = dot(x, i * d, y, j * d, d);
  }
  return gram;
}

function block4x4(
  x: Matrix,
  y: Matrix,
  gram: Float64Array,
  i: number,
  j: number,
  n1: number,
  d: number,
  k0: number,
  k1: number,
): void {
  const a0 = i * d;
  const a1 = a0 + d;
  const a2 = a1 + d;
  const a3 = a2 + d;
  const b0 = j * d;
  const b1 = b0 + d;
  const b2 = b1 + d;
  const b3 = b2 + d;
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let k = k0; k < k1; k++) {
    const y0 = y[b0 + k];
    const y1 = y[b1 + k];
    const y2 = y[b2 + k];
    const y3 = y[b3 + k];
    let v = x[a0 + k];
    c00 += v * y0; c01 += v * y1; c02 += v * y2; c03 += v * y3;
    v = x[a1 + k];
    c10 += v * y0; c11 += v * y1; c12 += v * y2; c13 += v * y3;
    v = x[a2 + k];
    c20 += v * y0; c21 += v * y1; c22 += v * y2; c23 += v * y3;
    v = x[a3 + k];
    c30 += v * y0; c31 += v * y1; c32 += v * y2; c33 += v * y3;
  }
  let r = i * n1 + j;
  gram[r] += c00; gram[r + 1] += c01; gram[r + 2] += c02; gram[r + 3] += c03;
  r += n1;
  gram[r] += c10; gram[r + 1] += c11; gram[r + 2] += c12; gram[r + 3] += c13;
  r += n1;
  gram[r] += c20; gram[r + 1] += c21; gram[r + 2] += c22; gram[r + 3] += c23;
  r += n1;
  gram[r] += c30; gram[r + 1] += c31; gram[r + 2] += c32; gram[r + 3] += c33;
}

function dot(x: Matrix, a: number, y: Matrix, b: number, d: number): number {
  let s0 = 0;
  let s1 = 0;
  let k = 0;
  for (; k + 2 <= d; k += 2) {
    s0 += x[a + k] * y[b + k];
    s1 += x[a + k + 1] * y[b + k + 1];
  }
  if (k < d) s0 += x[a + k] * y[b + k];
  return s0 + s1;
}

/** |row|^2 of every row of a row-major [n x d] matrix, in float64. */
export function squaredRowNorms(x: Matrix, n: number, d: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = dot(x, i * d, x, i * d, d);
  return out;
}
