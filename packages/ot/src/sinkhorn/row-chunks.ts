/**
 * The plain Sinkhorn splits its rows into chunks of a fixed size, each with its own partial
 * K^T u, which are then summed in chunk order. The size does not depend on the number of
 * threads, so every thread count gives the same numbers, bit for bit.
 */
export const CHUNK_ROWS = 64;

export function chunkCount(rows: number): number {
  return Math.ceil(rows / CHUNK_ROWS);
}

/** First row of `chunk` and the row after its last. */
export function chunkRows(chunk: number, rows: number): [number, number] {
  const start = chunk * CHUNK_ROWS;
  return [start, Math.min(rows, start + CHUNK_ROWS)];
}

/** out_j = sum over chunks, in chunk order, of partials[chunk * n1 + j]. */
export function sumChunkPartials(partials: Float64Array, chunks: number, n1: number, out: Float64Array): void {
  out.set(partials.subarray(0, n1));
  for (let c = 1; c < chunks; c++) {
    const offset = c * n1;
    for (let j = 0; j < n1; j++) out[j] += partials[offset + j];
  }
}
