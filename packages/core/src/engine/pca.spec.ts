import { seeded } from '../__tests__/tiny-models';
import { projectOnAnchorComponents, topEigenvectors } from './pca';

const random = seeded(31);
const descriptions = (count: number, dim: number) => ({ count, dim, data: Float32Array.from({ length: count * dim }, () => random() * 2 - 1) });

describe('PCA of neuron descriptions', () => {
  it('finds the eigenpairs of a known symmetric matrix', () => {
    // diag(5, 3, 1) rotated by a Givens rotation in the (0, 1) plane.
    const c = Math.cos(0.3);
    const s = Math.sin(0.3);
    const m = Float64Array.of(5 * c * c + 3 * s * s, (5 - 3) * c * s, 0, (5 - 3) * c * s, 5 * s * s + 3 * c * c, 0, 0, 0, 1);
    const { vectors, values } = topEigenvectors(m, 3, 2);
    expect(values[0]).toBeCloseTo(5, 10);
    expect(values[1]).toBeCloseTo(3, 10);
    expect(Math.abs(vectors[0 * 2 + 0])).toBeCloseTo(c, 8);
    expect(Math.abs(vectors[1 * 2 + 0])).toBeCloseTo(s, 8);
  });

  it('keeps all pairwise distances of centred descriptions when k spans the anchor', () => {
    const anchor = descriptions(6, 20);
    const model = { ...anchor, data: anchor.data.slice() };
    const [p0, p1] = projectOnAnchorComponents(model, anchor, 6, 'layer');
    expect(p0.dim).toBe(6);
    const centred = Float32Array.from(anchor.data, (v, idx) => {
      const row = Math.floor(idx / 20);
      const mean = anchor.data.slice(row * 20, row * 20 + 20).reduce((a, b) => a + b, 0) / 20;
      return v - mean;
    });
    const dist = (x: Float32Array, dim: number, i: number, j: number) => {
      let s = 0;
      for (let t = 0; t < dim; t++) s += (x[i * dim + t] - x[j * dim + t]) ** 2;
      return Math.sqrt(s);
    };
    for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) {
      expect(dist(p1.data, 6, i, j)).toBeCloseTo(dist(centred, 20, i, j), 4);
    }
    expect(Array.from(p0.data)).toEqual(Array.from(p1.data));
  });

  it('projects models of different widths onto the same k directions, ordered by variance', () => {
    const [p0, p1] = projectOnAnchorComponents(descriptions(9, 30), descriptions(5, 30), 3, 'layer');
    expect([p0.count, p0.dim, p1.count, p1.dim]).toEqual([9, 3, 5, 3]);
    const variance = (c: number) => Array.from({ length: 5 }, (_, i) => p1.data[i * 3 + c] ** 2).reduce((a, b) => a + b, 0);
    expect(variance(0)).toBeGreaterThanOrEqual(variance(1));
    expect(variance(1)).toBeGreaterThanOrEqual(variance(2));
  });

  it('caps k at the anchor rank bound and rejects a non-positive k, naming the layer', () => {
    expect(projectOnAnchorComponents(descriptions(4, 10), descriptions(4, 10), 7, 'layers.1')[0].dim).toBe(4);
    expect(() => projectOnAnchorComponents(descriptions(4, 10), descriptions(4, 10), 0, 'layers.1')).toThrow(
      'layers.1: pca_k must be a positive integer, got 0',
    );
  });

  it('ignores a constant offset per neuron (the directions of centred descriptions sum to zero)', () => {
    const anchor = descriptions(5, 12);
    const shifted = { ...anchor, data: anchor.data.map((v, idx) => v + 1 + Math.floor(idx / 12)) };
    const [p0, p1] = projectOnAnchorComponents(shifted, anchor, 4, 'layer');
    p0.data.forEach((v, i) => expect(v).toBeCloseTo(p1.data[i], 4));
  });
});
