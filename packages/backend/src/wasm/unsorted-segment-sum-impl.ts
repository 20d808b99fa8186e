/**
 * Sums rows of `values` (viewed as [ids.length, rowLength]) into the rows of `out` (viewed as
 * [numSegments, rowLength]) by id: out[s] = Σ_{i: ids[i] = s} values[i]; rows no id names are
 * zero. Rows whose id lies outside [0, numSegments) are dropped, as on the cpu backend. Sums
 * run in float64 in row order, as on the cpu backend, and only for the segments named, so an
 * embedding table's gradient costs memory for the rows a batch touches, not the whole table.
 */
export function unsortedSegmentSumImpl(
  values: Float32Array | Int32Array,
  ids: Int32Array,
  rowLength: number,
  out: Float32Array | Int32Array,
): void {
  const numSegments = out.length / rowLength;
  const slotOfSegment = new Int32Array(numSegments).fill(-1);
  let slots = 0;
  for (const segment of ids) {
    if (segment >= 0 && segment < numSegments && slotOfSegment[segment] < 0) {
      slotOfSegment[segment] = slots++;
    }
  }
  const sums = new Float64Array(slots * rowLength);
  ids.forEach((segment, row) => {
    if (segment < 0 || segment >= numSegments) return;
    const from = row * rowLength;
    const to = slotOfSegment[segment] * rowLength;
    for (let j = 0; j < rowLength; j++) {
      sums[to + j] += values[from + j];
    }
  });
  out.fill(0);
  slotOfSegment.forEach((slot, segment) => {
    if (slot >= 0) out.set(sums.subarray(slot * rowLength, (slot + 1) * rowLength), segment * rowLength);
  });
}
