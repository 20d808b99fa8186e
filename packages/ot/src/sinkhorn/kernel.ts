import type { Matrix } from '../problem';
import { float32ExpOfQuotients } from './float32-exp';

/**
 * Dense kernel operations of the plain Sinkhorn iterations, on a range of rows each, so that
 * threads can share the rows (see row-chunks.ts). The kernel is stored in the precision it was
 * computed in (Float32Array for a float32 kernel), which halves its memory traffic. Each
 * iteration reads the kernel once: the rows that give u_i are still in cache when they are
 * added, times u_i, into the chunk's part of K^T u for the next iteration.
 */
export type Kernel = Float32Array | Float64Array;

/**
 * Rows [rowStart, rowEnd) of K = exp(-M / reg), and `ktuPart` = those rows' share of K^T u for
 * the constant start u_i = `u0`. In float32 mode every step rounds to float32 as the reference's
 * array library does on a float32 cost: the cost entry, -reg, their quotient, and the
 * exponential (with that library's own float32 exp, see float32-exp.ts).
 */
export function gibbsKernelRows(
  cost: Matrix,
  reg: number,
  kernel: Kernel,
  rowStart: number,
  rowEnd: number,
  n1: number,
  u0: number,
  ktuPart: Float64Array,
): void {
  const start = rowStart * n1;
  const end = rowEnd * n1;
  if (kernel instanceof Float32Array) {
    float32ExpOfQuotients(cost, Math.fround(-reg), kernel, start, end);
  } else {
    const negReg = -reg;
    for (let e = start; e < end; e++) kernel[e] = Math.exp(cost[e] / negReg);
  }
  ktuPart.fill(0);
  for (let row = start; row < end; row += n1) {
    for (let j = 0; j < n1; j++) ktuPart[j] += kernel[row + j] * u0;
  }
}

/**
 * One pass over rows [rowStart, rowEnd): u_i = 1 / sum_j (scale_i K_ij) v_j for each, and
 * `ktuPart` = those rows' share of K^T u with the new u. Rows go four at a time: their dot
 * products share the loads of v, and their contributions share one load and store of each
 * `ktuPart` entry. The reference multiplies the kernel by 1/mu once and then takes the product
 * with v; the rounding of that scaled entry is kept here.
 */
export function updateRowScalings(
  kernel: Kernel,
  scale: Float64Array,
  v: Float64Array,
  rowStart: number,
  rowEnd: number,
  n1: number,
  u: Float64Array,
  ktuPart: Float64Array,
): void {
  ktuPart.fill(0);
  let i = rowStart;
  for (; i + 4 <= rowEnd; i += 4) {
    const r0 = i * n1;
    const r1 = r0 + n1;
    const r2 = r1 + n1;
    const r3 = r2 + n1;
    const s0 = scale[i];
    const s1 = scale[i + 1];
    const s2 = scale[i + 2];
    const s3 = scale[i + 3];
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    for (let j = 0; j < n1; j++) {
      const vj = v[j];
      a0 += s0 * kernel[r0 + j] * vj;
      a1 += s1 * kernel[r1 + j] * vj;
      a2 += s2 * kernel[r2 + j] * vj;
      a3 += s3 * kernel[r3 + j] * vj;
    }
    const u0 = 1 / a0;
    const u1 = 1 / a1;
    const u2 = 1 / a2;
    const u3 = 1 / a3;
    u[i] = u0;
    u[i + 1] = u1;
    u[i + 2] = u2;
    u[i + 3] = u3;
    for (let j = 0; j < n1; j++) {
      ktuPart[j] += kernel[r0 + j] * u0 + kernel[r1 + j] * u1 + (kernel[r2 + j] * u2 + kernel[r3 + j] * u3);
    }
  }
  for (; i < rowEnd; i++) {
    const s = scale[i];
    const row = i * n1;
    let a = 0;
    for (let j = 0; j < n1; j++) a += s * kernel[row + j] * v[j];
    const ui = 1 / a;
    u[i] = ui;
    for (let j = 0; j < n1; j++) ktuPart[j] += kernel[row + j] * ui;
  }
}

/** Rows [rowStart, rowEnd) of plan_ij = (u_i K_ij) v_j, rounded to float32 at each step when `single`. */
export function scaledPlanRows(
  kernel: Kernel,
  u: Float64Array,
  v: Float64Array,
  rowStart: number,
  rowEnd: number,
  n1: number,
  single: boolean,
  plan: Float64Array,
): void {
  for (let i = rowStart; i < rowEnd; i++) {
    const ui = u[i];
    const row = i * n1;
    if (single) {
      for (let j = 0; j < n1; j++) plan[row + j] = Math.fround(Math.fround(ui * kernel[row + j]) * v[j]);
    } else {
      for (let j = 0; j < n1; j++) plan[row + j] = ui * kernel[row + j] * v[j];
    }
  }
}

/** || v .* ktu - nu ||_2: the column-marginal error of diag(u) K diag(v) given ktu = K^T u. */
export function columnMarginalError(ktu: Float64Array, v: Float64Array, nu: Matrix): number {
  let sum = 0;
  for (let j = 0; j < nu.length; j++) {
    const d = v[j] * ktu[j] - nu[j];
    sum += d * d;
  }
  return Math.sqrt(sum);
}
