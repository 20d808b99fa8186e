import { downsample, heatmapSvg, rowOrder } from './heatmap-plot';
import { mapFigures } from '@otfuse/run';

const stored = (n0: number, n1: number, data: number[]) => ({ tensor: 'map.000', n0, n1, data: Float32Array.from(data) });

describe('heatmaps', () => {
  it('order rows by their best match, so a permutation is the diagonal', () => {
    // Row i sends its mass to column order[i].
    const order = [2, 0, 3, 1];
    const data = new Array(16).fill(0);
    order.forEach((j, i) => (data[i * 4 + j] = 1));
    const rows = rowOrder(stored(4, 4, data));
    expect(rows).toEqual([1, 3, 0, 2]);
    const { mass } = downsample(stored(4, 4, data));
    expect(Array.from(mass)).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
  });

  it('sum wide maps into blocks, keeping the total mass', () => {
    const n = 100;
    const data = Array.from({ length: n * n }, (_, e) => (Math.floor(e / n) === e % n ? 1 : 0));
    const { rows, cols, mass } = downsample(stored(n, n, data), 10);
    expect([rows, cols]).toEqual([10, 10]);
    expect(mass.reduce((a, b) => a + b, 0)).toBe(n);
    for (let r = 0; r < 10; r++) expect(mass[r * 10 + r]).toBe(10);
  });

  it('draw one cell per block and name the node', () => {
    const data = [0, 1, 1, 0];
    const svg = heatmapSvg(stored(2, 2, data), mapFigures({ model: 0, label: 'fc <1>', map: { n0: 2, n1: 2, data: Float32Array.from(data) }, cost: Float32Array.of(1, 0, 0, 1) }, 0));
    expect(svg.match(/<rect /g)).toHaveLength(4);
    expect(svg).toContain('fc &lt;1&gt;');
    expect(svg).toContain('closeness to a permutation 1');
  });
});
