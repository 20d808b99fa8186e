import type { ActivationOptions } from './options';

/** Where each feature's values go: `rows` keeps `[rows, features]`, `columns` writes `[features, rows]` (one row per neuron). */
export type ColumnLayout = 'rows' | 'columns';

/** Rows per block when writing the transposed layout, so reads stay within a few cache lines per feature. */
const TRANSPOSE_BLOCK = 64;

/**
 * One normalisation per feature column of a row-major `[rows, features]` matrix, the first
 * that applies (ALGORITHM.md §3): `std` → `(x − mean) / (std + 1e-9)` with the unbiased
 * (n−1) std; else `center` → `x − mean`; else `norm` → `x / ‖column‖` (at least 1e-12); else
 * the values as they are. Statistics are summed in float64 on the host, so a matrix of any
 * size is normalised without entering the WebAssembly heap; the result is float32.
 */
export function normaliseColumns(values: Float32Array, rows: number, features: number, options: ActivationOptions, layout: ColumnLayout): Float32Array {
  if (values.length !== rows * features) throw new RangeError(`${values.length} values do not fill [${rows}, ${features}]`);
  const { shift, scale } = columnTransform(values, rows, features, options);
  const out = new Float32Array(values.length);
  if (layout === 'rows') {
    for (let r = 0; r < rows; r++) {
      const base = r * features;
      for (let f = 0; f < features; f++) out[base + f] = (values[base + f] - shift[f]) / scale[f];
    }
    return out;
  }
  for (let start = 0; start < rows; start += TRANSPOSE_BLOCK) {
    const end = Math.min(rows, start + TRANSPOSE_BLOCK);
    for (let f = 0; f < features; f++) {
      const s = shift[f];
      const d = scale[f];
      const target = f * rows;
      for (let r = start; r < end; r++) out[target + r] = (values[r * features + f] - s) / d;
    }
  }
  return out;
}

/** Per feature: the value subtracted and the divisor of the configured normalisation. */
function columnTransform(values: Float32Array, rows: number, features: number, options: ActivationOptions): { shift: Float64Array; scale: Float64Array } {
  if (options.std || options.center) {
    const shift = columnSums(values, rows, features).map((sum) => sum / rows);
    if (!options.std) return { shift, scale: new Float64Array(features).fill(1) };
    const divisor = Math.max(rows - 1, 1);
    return { shift, scale: columnSquareSums(values, rows, features, shift).map((sum) => Math.sqrt(sum / divisor) + 1e-9) };
  }
  const shift = new Float64Array(features);
  if (options.norm) return { shift, scale: columnSquareSums(values, rows, features).map((sum) => Math.max(Math.sqrt(sum), 1e-12)) };
  return { shift, scale: new Float64Array(features).fill(1) };
}

/** `Σ_r x[r, f]` per feature. */
function columnSums(values: Float32Array, rows: number, features: number): Float64Array {
  const out = new Float64Array(features);
  for (let r = 0; r < rows; r++) {
    const base = r * features;
    for (let f = 0; f < features; f++) out[f] += values[base + f];
  }
  return out;
}

/** `Σ_r (x[r, f] − offset[f])²` per feature (offset 0 when absent). */
function columnSquareSums(values: Float32Array, rows: number, features: number, offset?: Float64Array): Float64Array {
  const out = new Float64Array(features);
  const by = offset ?? new Float64Array(features);
  for (let r = 0; r < rows; r++) {
    const base = r * features;
    for (let f = 0; f < features; f++) {
      const v = values[base + f] - by[f];
      out[f] += v * v;
    }
  }
  return out;
}
