import type { Matrix } from '../problem';
import { float32Exp } from './float32-exp';

/**
 * Dense kernel operations of the plain Sinkhorn iterations. The kernel is stored in the
 * precision it was computed in (Float32Array for a float32 kernel), which halves the memory
 * traffic of the two matrix-vector products that dominate every iteration.
 */

/**
 * K = exp(-M / reg). In float32 mode every step rounds to float32 as the reference's array
 * library does on a float32 cost: the cost entry, -reg, their quotient, and the exponential
 * (with that library's own float32 exp, see float32-exp.ts).
 */
export function gibbsKernel(cost: Matrix, reg: number, single: boolean): Float32Array | Float64Array {
  const n = cost.length;
  if (single) {
    const kernel = new Float32Array(n);
    const negReg = Math.fround(-reg);
    for (let e = 0; e < n; e++) kernel[e] = float32Exp(Math.fround(Math.fround(cost[e]) / negReg));
    return kernel;
  }
  const kernel = new Float64Array(n);
  const negReg = -reg;
  for (let e = 0; e < n; e++) kernel[e] = Math.exp(cost[e] / negReg);
  return kernel;
}

/** out = K^T u for a row-major n0 x n1 kernel; rows are taken four at a time to save stores. */
export function kernelTransposeTimes(
  kernel: Float32Array | Float64Array,
  u: Float64Array,
  n0: number,
  n1: number,
  out: Float64Array,
): void {
  out.fill(0);
  let i = 0;
  for (; i + 4 <= n0; i += 4) {
    const u0 = u[i];
    const u1 = u[i + 1];
    const u2 = u[i + 2];
    const u3 = u[i + 3];
    const r0 = i * n1;
    const r1 = r0 + n1;
    const r2 = r1 + n1;
    const r3 = r2 + n1;
    for (let j = 0; j < n1; j++) {
      out[j] += kernel[r0 + j] * u0 + kernel[r1 + j] * u1 + (kernel[r2 + j] * u2 + kernel[r3 + j] * u3);
    }
  }
  for (; i < n0; i++) {
    const ui = u[i];
    const row = i * n1;
    for (let j = 0; j < n1; j++) out[j] += kernel[row + j] * ui;
  }
}

/**
 * out_i = sum_j (scale_i * K_ij) * v_j: the reference multiplies the kernel by 1/mu once and
 * then takes the product with v; the rounding of that scaled entry is kept here.
 */
export function scaledKernelTimes(
  kernel: Float32Array | Float64Array,
  scale: Float64Array,
  v: Float64Array,
  n0: number,
  n1: number,
  out: Float64Array,
): void {
  for (let i = 0; i < n0; i++) {
    const s = scale[i];
    const row = i * n1;
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let j = 0;
    for (; j + 4 <= n1; j += 4) {
      a0 += s * kernel[row + j] * v[j];
      a1 += s * kernel[row + j + 1] * v[j + 1];
      a2 += s * kernel[row + j + 2] * v[j + 2];
      a3 += s * kernel[row + j + 3] * v[j + 3];
    }
    for (; j < n1; j++) a0 += s * kernel[row + j] * v[j];
    out[i] = a0 + a1 + (a2 + a3);
  }
}

/** plan_ij = (u_i K_ij) v_j, rounded to float32 at each step when `single`. */
export function scaledPlan(
  kernel: Float32Array | Float64Array,
  u: Float64Array,
  v: Float64Array,
  n0: number,
  n1: number,
  single: boolean,
): Float64Array {
  const plan = new Float64Array(n0 * n1);
  for (let i = 0; i < n0; i++) {
    const ui = u[i];
    const row = i * n1;
    if (single) {
      for (let j = 0; j < n1; j++) plan[row + j] = Math.fround(Math.fround(ui * kernel[row + j]) * v[j]);
    } else {
      for (let j = 0; j < n1; j++) plan[row + j] = ui * kernel[row + j] * v[j];
    }
  }
  return plan;
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
