import type { FeatureOrder } from '../graph/feature-spaces';

/** Below this many contiguous values, an element loop beats `set(subarray())`, which allocates a view. */
const VIEW_COPY_MIN = 32;
/** Square tiles of a transpose: both the rows read and the rows written stay in cache. */
const TILE = 32;

/** A shape seen around one axis: `[outer, size, inner]` with `outer` and `inner` the products on either side. */
function around(shape: readonly number[], axis: number): [number, number, number] {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i];
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i];
  return [outer, shape[axis], inner];
}

/** `axis` (negative counts from the end) as a non-negative index, or undefined when out of range. */
export function resolveAxis(axis: number, rank: number): number | undefined {
  const resolved = axis < 0 ? rank + axis : axis;
  return Number.isInteger(resolved) && resolved >= 0 && resolved < rank ? resolved : undefined;
}

/** A row-major tensor with slice `i` along `axis` taken from slice `order[i]`: a new array. */
export function gatherAxis(data: Float32Array, shape: readonly number[], axis: number, order: FeatureOrder): Float32Array {
  const [outer, size, inner] = around(shape, axis);
  const out = new Float32Array(data.length);
  for (let o = 0; o < outer; o++) {
    const base = o * size * inner;
    for (let i = 0; i < size; i++) {
      const from = base + order[i] * inner;
      const to = base + i * inner;
      if (inner >= VIEW_COPY_MIN) out.set(data.subarray(from, from + inner), to);
      else for (let r = 0; r < inner; r++) out[to + r] = data[from + r];
    }
  }
  return out;
}

/**
 * The tensor as a row-major `[shape[axis], rest]` matrix, row `i` being slice `i` along `axis`
 * with the other axes in their order. Axis 0 is that matrix already: the array itself is returned.
 */
export function sliceRows(data: Float32Array, shape: readonly number[], axis: number): Float32Array {
  const [outer, size, inner] = around(shape, axis);
  if (outer === 1) return data;
  if (inner === 1) return transposed(data, outer, size);
  const out = new Float32Array(data.length);
  for (let i = 0; i < size; i++) {
    for (let o = 0; o < outer; o++) {
      const from = (o * size + i) * inner;
      const to = (i * outer + o) * inner;
      if (inner >= VIEW_COPY_MIN) out.set(data.subarray(from, from + inner), to);
      else for (let r = 0; r < inner; r++) out[to + r] = data[from + r];
    }
  }
  return out;
}

/** `[cols, rows]` from row-major `[rows, cols]`, tile by tile, each output row written in order. */
function transposed(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let c0 = 0; c0 < cols; c0 += TILE) {
    const c1 = Math.min(cols, c0 + TILE);
    for (let r0 = 0; r0 < rows; r0 += TILE) {
      const r1 = Math.min(rows, r0 + TILE);
      for (let c = c0; c < c1; c++) {
        let to = c * rows + r0;
        for (let from = r0 * cols + c; from < r1 * cols; from += cols) out[to++] = data[from];
      }
    }
  }
  return out;
}
