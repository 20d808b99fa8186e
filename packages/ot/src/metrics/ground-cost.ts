import { OtError } from '../errors';
import type { Matrix } from '../problem';
import { resolveParameters } from '@otfuse/extension';
import { GROUND_METRICS, type GroundMetric } from './ground-metrics';
import { COST_NORMALIZATIONS, normaliseCost, type CostNormalization } from './normalise';

/** Clamp of the normalised cost to [reg * min, reg * max] (the reference's clip_gm). */
export interface CostClip {
  reg: number;
  min: number;
  max: number;
}

export interface GroundCostOptions {
  /** The metric (default: `GROUND_METRICS.get('euclidean')`). */
  metric?: GroundMetric;
  /** Parameters of the metric (e.g. euclidean's `squared`), checked against its declared parameters. */
  metricParams?: Readonly<Record<string, unknown>>;
  /** Rescaling after the metric (default `none`). */
  normalize?: CostNormalization;
  /** Clamp after normalising (default: none). */
  clip?: CostClip;
  /** Scale every row of X and Y to unit norm first, v / (||v|| + 1e-9) (weight mode). */
  unitNormRows?: boolean;
}

/** Epsilon added to a row norm before dividing by it, as the reference does. */
export const UNIT_NORM_EPSILON = 1e-9;

/**
 * Cost matrix [n0 x n1] between the rows of X [n0 x d] and Y [n1 x d] (row-major), then
 * normalised and clipped as asked. Inputs must be finite; the result is finite and >= 0.
 */
export function groundCost(
  x: Matrix,
  y: Matrix,
  n0: number,
  n1: number,
  d: number,
  options: GroundCostOptions = {},
): Float64Array {
  checkSizes('groundCost', 'x', n0, d, x.length, 'n0*d');
  checkSizes('groundCost', 'y', n1, d, y.length, 'n1*d');
  checkFinite('groundCost', 'x', x, d);
  checkFinite('groundCost', 'y', y, d);
  const { metric, params } = metricOf(options);
  const xs = options.unitNormRows === true ? unitRows(x, n0, d) : x;
  const ys = options.unitNormRows === true ? unitRows(y, n1, d) : y;
  return finish(metric.distances(xs, ys, n0, n1, d, params), options);
}

/**
 * The same cost from inner products G = X Y^T [n0 x n1] and squared row norms, for callers that
 * form G elsewhere. Needs a metric with a Gram form (both built-in metrics have one).
 */
export function groundCostFromGram(
  gram: Matrix,
  xSquaredNorms: Matrix,
  ySquaredNorms: Matrix,
  n0: number,
  n1: number,
  options: GroundCostOptions = {},
): Float64Array {
  checkSizes('groundCostFromGram', 'gram', n0, n1, gram.length, 'n0*n1');
  checkSizes('groundCostFromGram', 'xSquaredNorms', n0, 1, xSquaredNorms.length, 'n0');
  checkSizes('groundCostFromGram', 'ySquaredNorms', n1, 1, ySquaredNorms.length, 'n1');
  checkFinite('groundCostFromGram', 'gram', gram, n1);
  checkFinite('groundCostFromGram', 'xSquaredNorms', xSquaredNorms, 1);
  checkFinite('groundCostFromGram', 'ySquaredNorms', ySquaredNorms, 1);
  const { metric, params } = metricOf(options);
  if (metric.distancesFromGram === undefined) {
    throw new OtError('OT_INVALID_OPTION', `groundCostFromGram: ground metric '${metric.id}' has no inner-product form`);
  }
  let g: Float64Array = Float64Array.from(gram);
  let xx: Float64Array = Float64Array.from(xSquaredNorms);
  let yy: Float64Array = Float64Array.from(ySquaredNorms);
  if (options.unitNormRows === true) ({ g, xx, yy } = unitGram(g, xx, yy, n0, n1));
  return finish(metric.distancesFromGram(g, xx, yy, n0, n1, params), options);
}

function metricOf(options: GroundCostOptions) {
  const metric = options.metric ?? GROUND_METRICS.get('euclidean');
  return { metric, params: resolveParameters(`ground metric '${metric.id}'`, metric.parameters, options.metricParams) };
}

function finish(cost: Float64Array, options: GroundCostOptions): Float64Array {
  const mode = options.normalize ?? 'none';
  if (!COST_NORMALIZATIONS.includes(mode)) {
    throw new OtError(
      'OT_INVALID_OPTION',
      `groundCost: unknown normalize '${String(mode)}'; expected one of ${COST_NORMALIZATIONS.join(', ')}`,
    );
  }
  checkCostValues(cost, 'the metric');
  normaliseCost(cost, mode);
  if (options.clip !== undefined) clipCost(cost, options.clip);
  checkCostValues(cost, `normalising by '${mode}'`);
  return cost;
}

function clipCost(cost: Float64Array, clip: CostClip): void {
  const { reg, min, max } = clip;
  if (!(reg > 0 && min >= 0 && max >= min && Number.isFinite(reg * max))) {
    throw new OtError(
      'OT_INVALID_OPTION',
      `groundCost: clip needs reg > 0 and 0 <= min <= max (finite), got reg ${reg}, min ${min}, max ${max}`,
    );
  }
  const low = reg * min;
  const high = reg * max;
  for (let e = 0; e < cost.length; e++) cost[e] = Math.min(Math.max(cost[e], low), high);
}

/** Costs must be finite; round-off negatives (from 1 - cos or a log) become 0. */
function checkCostValues(cost: Float64Array, after: string): void {
  for (let e = 0; e < cost.length; e++) {
    const c = cost[e];
    if (!Number.isFinite(c)) {
      throw new OtError('OT_NON_FINITE_COST', `groundCost: entry ${e} of the cost is ${c} after ${after}`);
    }
    if (c < 0) cost[e] = 0;
  }
}

function checkSizes(caller: string, name: string, rows: number, cols: number, length: number, formula: string): void {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows <= 0 || cols <= 0) {
    throw new OtError('OT_EMPTY_PROBLEM', `${caller}: ${name} needs positive integer sizes, got ${rows} x ${cols}`);
  }
  if (length !== rows * cols) {
    throw new OtError(
      'OT_SHAPE_MISMATCH',
      `${caller}: ${name} has ${length} entries, expected ${formula} = ${rows}*${cols} = ${rows * cols}`,
    );
  }
}

function checkFinite(caller: string, name: string, values: Matrix, cols: number): void {
  for (let e = 0; e < values.length; e++) {
    const v = values[e];
    if (v - v !== 0) {
      throw new OtError(
        'OT_NON_FINITE_INPUT',
        `${caller}: ${name}[row ${Math.floor(e / cols)}, col ${e % cols}] is ${v}, expected a finite number`,
      );
    }
  }
}

function unitRows(x: Matrix, n: number, d: number): Float64Array {
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let k = 0; k < d; k++) sum += x[i * d + k] * x[i * d + k];
    const norm = Math.sqrt(sum) + UNIT_NORM_EPSILON;
    for (let k = 0; k < d; k++) out[i * d + k] = x[i * d + k] / norm;
  }
  return out;
}

function unitGram(
  g: Float64Array,
  xx: Float64Array,
  yy: Float64Array,
  n0: number,
  n1: number,
): { g: Float64Array; xx: Float64Array; yy: Float64Array } {
  const sx = Float64Array.from(xx, (s) => 1 / (Math.sqrt(s) + UNIT_NORM_EPSILON));
  const sy = Float64Array.from(yy, (s) => 1 / (Math.sqrt(s) + UNIT_NORM_EPSILON));
  for (let i = 0; i < n0; i++) {
    for (let j = 0; j < n1; j++) g[i * n1 + j] *= sx[i] * sy[j];
  }
  for (let i = 0; i < n0; i++) xx[i] *= sx[i] * sx[i];
  for (let j = 0; j < n1; j++) yy[j] *= sy[j] * sy[j];
  return { g, xx, yy };
}
