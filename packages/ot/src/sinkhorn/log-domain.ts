import type { Matrix } from '../problem';
import { ERROR_CHECK_PERIOD, type ResolvedSinkhornOptions, type SinkhornResult, type SinkhornStop } from './options';

/**
 * Sinkhorn in the log domain: the same updates as the plain method on f = log u and g = log v,
 *   g = log nu - LSE_i(f_i - M_ij/reg);  f = log mu - LSE_j(g_j - M_ij/reg),
 * with every log-sum-exp shifted by its maximum, so nothing underflows however small reg is.
 * Everything is float64. Points without mass get -Infinity potentials and carry nothing.
 */
export function sinkhornLog(
  mu: Matrix,
  nu: Matrix,
  cost: Matrix,
  n0: number,
  n1: number,
  options: ResolvedSinkhornOptions,
): SinkhornResult {
  const logKernel = new Float64Array(n0 * n1);
  const negInvReg = -1 / options.reg;
  for (let e = 0; e < logKernel.length; e++) logKernel[e] = cost[e] * negInvReg;
  const logMu = Float64Array.from(mu, Math.log);
  const logNu = Float64Array.from(nu, Math.log);
  let f = new Float64Array(n0).fill(-Math.log(n0));
  let g = new Float64Array(n1).fill(-Math.log(n1));
  let fNext = new Float64Array(n0);
  let gNext = new Float64Array(n1);
  const columnLse = new Float64Array(n1);
  const columnMax = new Float64Array(n1);
  let columnLseIsCurrent = false;

  let iterations = 0;
  let error = Number.NaN;
  let stop: SinkhornStop = 'max-iterations';
  for (let it = 0; it < options.maxIter; it++) {
    if (!columnLseIsCurrent) columnLogSumExp(logKernel, f, n0, n1, columnMax, columnLse);
    columnLseIsCurrent = false;
    for (let j = 0; j < n1; j++) gNext[j] = logNu[j] - columnLse[j];
    rowLogSumExp(logKernel, gNext, n0, n1, fNext);
    for (let i = 0; i < n0; i++) fNext[i] = logMu[i] - fNext[i];
    if (!validPotentials(fNext, mu) || !validPotentials(gNext, nu)) {
      stop = 'numerical-error';
      break;
    }
    [f, fNext] = [fNext, f];
    [g, gNext] = [gNext, g];
    iterations++;
    if (it % ERROR_CHECK_PERIOD === 0) {
      columnLogSumExp(logKernel, f, n0, n1, columnMax, columnLse);
      columnLseIsCurrent = true;
      let sum = 0;
      for (let j = 0; j < n1; j++) {
        const d = Math.exp(g[j] + columnLse[j]) - nu[j];
        sum += d * d;
      }
      error = Math.sqrt(sum);
      if (error < options.tol) {
        stop = 'converged';
        break;
      }
    }
  }
  const plan = new Float64Array(n0 * n1);
  for (let i = 0; i < n0; i++) {
    const row = i * n1;
    const fi = f[i];
    for (let j = 0; j < n1; j++) plan[row + j] = Math.exp(fi + logKernel[row + j] + g[j]);
  }
  return { plan, iterations, converged: stop === 'converged', error, stop };
}

/** out_j = log sum_i exp(f_i + L_ij), by a max pass then a sum pass, both row-major. */
function columnLogSumExp(
  logKernel: Float64Array,
  f: Float64Array,
  n0: number,
  n1: number,
  max: Float64Array,
  out: Float64Array,
): void {
  max.fill(Number.NEGATIVE_INFINITY);
  for (let i = 0; i < n0; i++) {
    const fi = f[i];
    if (fi === Number.NEGATIVE_INFINITY) continue;
    const row = i * n1;
    for (let j = 0; j < n1; j++) {
      const x = fi + logKernel[row + j];
      if (x > max[j]) max[j] = x;
    }
  }
  out.fill(0);
  for (let i = 0; i < n0; i++) {
    const fi = f[i];
    if (fi === Number.NEGATIVE_INFINITY) continue;
    const row = i * n1;
    for (let j = 0; j < n1; j++) out[j] += Math.exp(fi + logKernel[row + j] - max[j]);
  }
  for (let j = 0; j < n1; j++) out[j] = max[j] + Math.log(out[j]);
}

/** out_i = log sum_j exp(g_j + L_ij). */
function rowLogSumExp(logKernel: Float64Array, g: Float64Array, n0: number, n1: number, out: Float64Array): void {
  for (let i = 0; i < n0; i++) {
    const row = i * n1;
    let max = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < n1; j++) {
      const x = g[j] + logKernel[row + j];
      if (x > max) max = x;
    }
    let sum = 0;
    if (max !== Number.NEGATIVE_INFINITY) {
      for (let j = 0; j < n1; j++) sum += Math.exp(g[j] + logKernel[row + j] - max);
    }
    out[i] = max + Math.log(sum);
  }
}

/** Potentials must be finite where there is mass; -Infinity is right where there is none. */
function validPotentials(potentials: Float64Array, masses: Matrix): boolean {
  for (let i = 0; i < potentials.length; i++) {
    const p = potentials[i];
    if (masses[i] === 0 ? !(p === Number.NEGATIVE_INFINITY || Number.isFinite(p)) : !Number.isFinite(p)) {
      return false;
    }
  }
  return true;
}
