import { CHUNK_ROWS, chunkCount, chunkRows, sumChunkPartials } from './row-chunks';

describe('row chunks', () => {
  it('cover every row once, the last chunk holding the remainder', () => {
    const rows = 2 * CHUNK_ROWS + 5;
    expect(chunkCount(rows)).toBe(3);
    expect(chunkRows(0, rows)).toEqual([0, CHUNK_ROWS]);
    expect(chunkRows(2, rows)).toEqual([2 * CHUNK_ROWS, rows]);
    expect(chunkCount(CHUNK_ROWS)).toBe(1);
  });

  it('sums the partials in chunk order', () => {
    // 1 + 1e-16 + 1e-16 depends on the order: left to right, each tiny term is lost.
    const partials = Float64Array.of(1, 2, 1e-16, 3, 1e-16, 4);
    const out = new Float64Array(2);
    sumChunkPartials(partials, 3, 2, out);
    expect(out[0]).toBe(1);
    expect(out[1]).toBe(9);
  });
});
