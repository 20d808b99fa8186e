import type { ActivationOptions } from './options';
import type { Float32Allocator } from './step-scratch';

/** Where each feature's values go: `rows` keeps `[rows, features]`, `columns` writes `[features, rows]` (one row per neuron). */
export type ColumnLayout = 'rows' | 'columns';

/** Neurons described by their normalised activations: one row per feature, and each row's squared norm. */
export interface FeatureRows {
  /** `[features, rows]`, row-major, float32. */
  data: Float32Array;
  /** `‖row‖²` of each row of `data`, summed in float64 as `squaredRowNorms` of @otfuse/ot sums it. */
  squaredNorms: Float64Array;
}

/** Rows and features per tile of a transpose: a 64 × 64 tile of reads and its writes stay in the L1 cache. */
const TILE = 64;

/**
 * One normalisation per feature column of a row-major `[rows, features]` matrix, the first
 * that applies (ALGORITHM.md §3): `std` → `(x − mean) / (std + 1e-9)` with the unbiased
 * (n−1) std; else `center` → `x − mean`; else `norm` → `x / ‖column‖` (at least 1e-12); else
 * the values as they are. Statistics are summed in float64 on the host, so a matrix of any
 * size is normalised without entering the WebAssembly heap; the result is float32.
 */
export function normaliseColumns(values: Float32Array, rows: number, features: number, options: ActivationOptions, layout: ColumnLayout): Float32Array {
  const { data } = normalisedFeatureRows(values, rows, features, options);
  if (layout === 'columns') return data;
  const byRows = new Float32Array(data.length);
  transposeInto(data, features, rows, byRows, features, 0, new Float64Array(rows));
  return byRows;
}

/**
 * The normalisation of `normaliseColumns` written one row per feature, with each row's squared
 * norm (what the euclidean ground cost needs besides X·Yᵀ). The values are transposed once,
 * tile by tile, while the column sums accumulate; the rest walks each feature's row, which is
 * contiguous and stays in cache between its passes. Every sum runs in row order, as a
 * column-by-column float64 loop would. `allocate` gives the rows' array (e.g. a fusion step's
 * scratch, reused from step to step); every element of it is written.
 */
export function normalisedFeatureRows(values: Float32Array, rows: number, features: number, options: ActivationOptions, allocate?: Float32Allocator): FeatureRows {
  if (values.length !== rows * features) throw new RangeError(`${values.length} values do not fill [${rows}, ${features}]`);
  return normalisedFeatureRowsOfBlocks([values], rows, features, options, allocate);
}

/** The same from the values in consecutive blocks of whole rows, in order (see `ActivationRows.blocks`). */
export function normalisedFeatureRowsOfBlocks(
  blocks: Iterable<Float32Array>,
  rows: number,
  features: number,
  options: ActivationOptions,
  allocate: Float32Allocator = (length) => new Float32Array(length),
): FeatureRows {
  const data = allocate(rows * features);
  const sums = new Float64Array(features);
  let row = 0;
  for (const block of blocks) {
    const blockRows = block.length / features;
    if (!Number.isInteger(blockRows) || row + blockRows > rows) {
      throw new RangeError(`a block of ${block.length} values does not hold whole rows of ${features} within [${rows}, ${features}] (from row ${row})`);
    }
    transposeInto(block, blockRows, features, data, rows, row, sums);
    row += blockRows;
  }
  if (row !== rows) throw new RangeError(`the blocks held ${row} rows of [${rows}, ${features}]`);
  const squaredNorms = new Float64Array(features);
  for (let f = 0; f < features; f++) {
    const start = f * rows;
    const [shift, scale] = featureTransform(data, start, rows, sums[f], options);
    squaredNorms[f] = normaliseRow(data, start, rows, shift, scale);
  }
  return { data, squaredNorms };
}

/**
 * Rows `[first, first + blockRows)` of `[features, rows]` from a row-major block
 * `[blockRows, features]`, adding each column to `sums` (float64, in row order).
 */
function transposeInto(block: Float32Array, blockRows: number, features: number, data: Float32Array, rows: number, first: number, sums: Float64Array): void {
  for (let r0 = 0; r0 < blockRows; r0 += TILE) {
    const r1 = Math.min(blockRows, r0 + TILE);
    for (let c0 = 0; c0 < features; c0 += TILE) {
      const c1 = Math.min(features, c0 + TILE);
      // Column by column within the tile: each column's writes are contiguous and its sum stays in a register.
      for (let c = c0; c < c1; c++) {
        const target = c * rows + first;
        let sum = sums[c];
        for (let r = r0; r < r1; r++) {
          const v = block[r * features + c];
          sum += v;
          data[target + r] = v;
        }
        sums[c] = sum;
      }
    }
  }
}

/** The value subtracted from one feature and its divisor, from its row `data[start, start + rows)` and its sum. */
function featureTransform(data: Float32Array, start: number, rows: number, sum: number, options: ActivationOptions): [number, number] {
  if (options.std || options.center) {
    const mean = sum / rows;
    if (!options.std) return [mean, 1];
    return [mean, Math.sqrt(squaresAbout(data, start, rows, mean) / Math.max(rows - 1, 1)) + 1e-9];
  }
  if (options.norm) return [0, Math.max(Math.sqrt(squaresAbout(data, start, rows, 0)), 1e-12)];
  return [0, 1];
}

/** `Σ (x − offset)²` over one row, in order. */
function squaresAbout(data: Float32Array, start: number, rows: number, offset: number): number {
  let sum = 0;
  for (let i = start; i < start + rows; i++) {
    const v = data[i] - offset;
    sum += v * v;
  }
  return sum;
}

/**
 * `(x − shift) / scale` in place over one row (float64 arithmetic, stored as float32), returning
 * the squared norm of the stored row: even and odd positions summed apart, then added, the
 * order in which @otfuse/ot's `squaredRowNorms` sums them, so the cost sees the same norms.
 */
function normaliseRow(data: Float32Array, start: number, rows: number, shift: number, scale: number): number {
  let even = 0;
  let odd = 0;
  const end = start + rows;
  let i = start;
  for (; i + 2 <= end; i += 2) {
    const a = Math.fround((data[i] - shift) / scale);
    const b = Math.fround((data[i + 1] - shift) / scale);
    data[i] = a;
    data[i + 1] = b;
    even += a * a;
    odd += b * b;
  }
  if (i < end) {
    const a = Math.fround((data[i] - shift) / scale);
    data[i] = a;
    even += a * a;
  }
  return even + odd;
}
