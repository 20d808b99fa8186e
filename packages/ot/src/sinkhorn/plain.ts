import type { Matrix } from '../problem';
import { columnMarginalError, gibbsKernel, scaledPlan, updateRowScalings } from './kernel';
import { ERROR_CHECK_PERIOD, type ResolvedSinkhornOptions, type SinkhornResult, type SinkhornStop } from './options';

/**
 * Sinkhorn–Knopp scaling iterations in the reference's order:
 *   v = nu ./ (K^T u);  u = 1 ./ ((1/mu) .* K) v
 * An update that divides by zero or yields NaN/Inf is undone and ends the iterations; the
 * column-marginal error is measured on iterations 0, 10, 20, ... after the update.
 */
export function sinkhornPlain(
  mu: Matrix,
  nu: Matrix,
  cost: Matrix,
  n0: number,
  n1: number,
  options: ResolvedSinkhornOptions,
): SinkhornResult {
  const single = options.kernelPrecision === 'float32';
  const round = single ? Math.fround : (x: number) => x;
  let u = new Float64Array(n0).fill(round(1 / n0));
  let v = new Float64Array(n1).fill(round(1 / n1));
  let uNext = new Float64Array(n0);
  let vNext = new Float64Array(n1);
  // ktu = K^T u for the current u; each pass over the kernel computes the next one.
  let ktu = new Float64Array(n1);
  let ktuNext = new Float64Array(n1);
  const kernel = gibbsKernel(cost, options.reg, single, n0, n1, u[0], ktu);
  // The first product has float32 operands (kernel and initial u), so a float32 result.
  if (single) for (let j = 0; j < n1; j++) ktu[j] = Math.fround(ktu[j]);
  const inverseMu = new Float64Array(n0);
  for (let i = 0; i < n0; i++) inverseMu[i] = 1 / mu[i];

  let iterations = 0;
  let error = Number.NaN;
  let stop: SinkhornStop = 'max-iterations';
  for (let it = 0; it < options.maxIter; it++) {
    let zeroColumn = false;
    for (let j = 0; j < n1; j++) {
      if (ktu[j] === 0) zeroColumn = true;
      vNext[j] = nu[j] / ktu[j];
    }
    if (zeroColumn) {
      stop = 'numerical-error';
      break;
    }
    updateRowScalings(kernel, inverseMu, vNext, n0, n1, uNext, ktuNext);
    if (!allFinite(uNext) || !allFinite(vNext)) {
      stop = 'numerical-error';
      break;
    }
    [u, uNext] = [uNext, u];
    [v, vNext] = [vNext, v];
    [ktu, ktuNext] = [ktuNext, ktu];
    iterations++;
    if (it % ERROR_CHECK_PERIOD === 0) {
      error = columnMarginalError(ktu, v, nu);
      if (error < options.tol) {
        stop = 'converged';
        break;
      }
    }
  }
  // Scalings still at their float32 start make a float32 plan, as in the reference.
  const plan = scaledPlan(kernel, u, v, n0, n1, single && iterations === 0);
  return { plan, iterations, converged: stop === 'converged', error, stop };
}

function allFinite(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) {
    // Finite iff x - x is 0 (NaN and +-Infinity give NaN).
    if (values[i] - values[i] !== 0) return false;
  }
  return true;
}
