/**
 * Sums rows of `values` (viewed as [ids.length, rowLength]) into `numSegments` rows by id:
 * out[s] = Σ_{i: ids[i] = s} values[i]. Rows whose id lies outside [0, numSegments) are
 * dropped, as on the cpu backend. Sums run in float64 in row order, as on the cpu backend.
 */
export function unsortedSegmentSumImpl(
  values: Float32Array | Int32Array,
  ids: Int32Array,
  rowLength: number,
  numSegments: number,
): Float64Array {
  const sums = new Float64Array(numSegments * rowLength);
  for (let row = 0; row < ids.length; row++) {
    const segment = ids[row];
    if (segment < 0 || segment >= numSegments) continue;
    const from = row * rowLength;
    const to = segment * rowLength;
    for (let j = 0; j < rowLength; j++) {
      sums[to + j] += values[from + j];
    }
  }
  return sums;
}
