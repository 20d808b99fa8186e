import { OtError } from '../errors';

/** How a cost matrix is rescaled after the metric (the reference's `gnd_metric.norm`). */
export type CostNormalization = 'max' | 'median' | 'mean' | 'log' | 'none';
export const COST_NORMALIZATIONS: readonly CostNormalization[] = ['max', 'median', 'mean', 'log', 'none'];

/**
 * Rescales `cost` in place: divide by its max, median or mean; or log(1 + M); or nothing. The
 * median of an even count is the lower middle value, as the reference's tensor library takes
 * it. An all-zero matrix is left as it is; a zero median or mean of a non-zero matrix would
 * make infinite costs and is an error.
 */
export function normaliseCost(cost: Float64Array, mode: CostNormalization): void {
  if (mode === 'none') return;
  if (mode === 'log') {
    for (let e = 0; e < cost.length; e++) cost[e] = Math.log1p(cost[e]);
    return;
  }
  const divisor = mode === 'max' ? maxOf(cost) : mode === 'mean' ? meanOf(cost) : lowerMedian(cost);
  if (divisor === 0) {
    if (maxOf(cost) === 0) return;
    throw new OtError(
      'OT_NON_FINITE_COST',
      `groundCost: cannot normalise by the ${mode}: it is 0 while some costs are positive`,
    );
  }
  // Division, as the reference does, not multiplication by the inverse.
  for (let e = 0; e < cost.length; e++) cost[e] /= divisor;
}

function maxOf(values: Float64Array): number {
  let max = 0;
  for (let e = 0; e < values.length; e++) if (values[e] > max) max = values[e];
  return max;
}

function meanOf(values: Float64Array): number {
  let sum = 0;
  for (let e = 0; e < values.length; e++) sum += values[e];
  return sum / values.length;
}

/** Element of rank floor((n-1)/2) in increasing order, by quickselect on a copy. */
export function lowerMedian(values: Float64Array): number {
  const a = Float64Array.from(values);
  const target = (a.length - 1) >> 1;
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = medianOfThree(a[lo], a[(lo + hi) >> 1], a[hi]);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return a[target];
  }
  return a[target];
}

function medianOfThree(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}
