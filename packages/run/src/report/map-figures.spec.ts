import { mapFigures, mapTensorName } from './map-figures';

// Maps as the engine records them: rows scaled by n0, so each row sums to 1.
const recorded = (n0: number, n1: number, data: number[], cost?: number[]) => ({
  model: 0,
  label: 'layer',
  map: { n0, n1, data: Float32Array.from(data) },
  cost: Float32Array.from(cost ?? data.map(() => 1)),
});

describe('map figures', () => {
  it('of a permutation: closeness 1, entropy log n0, every anchor neuron receives mass', () => {
    const f = mapFigures(recorded(3, 3, [0, 1, 0, 0, 0, 1, 1, 0, 0], [5, 0.3, 5, 5, 5, 0.6, 0.9, 5, 5]), 4);
    expect(f).toEqual({ index: 4, tensor: 'map.004', model: 0, label: 'layer', n0: 3, n1: 3, otCost: expect.any(Number), entropy: expect.any(Number), permutationCloseness: 1, unreceived: 0 });
    expect(f.otCost).toBeCloseTo((0.3 + 0.6 + 0.9) / 3, 6);
    expect(f.entropy).toBeCloseTo(Math.log(3), 12);
  });

  it('of the uniform coupling: closeness 1/n1, entropy log(n0·n1)', () => {
    const f = mapFigures(recorded(2, 4, new Array(8).fill(0.25)), 0);
    expect(f.permutationCloseness).toBeCloseTo(0.25, 12);
    expect(f.entropy).toBeCloseTo(Math.log(8), 6);
    expect(f.otCost).toBeCloseTo(1, 6);
  });

  it('counts anchor neurons that receive nothing', () => {
    const f = mapFigures(recorded(2, 3, [1, 0, 0, 0.5, 0.5, 0]), 1);
    expect(f.unreceived).toBe(1);
    expect(f.permutationCloseness).toBeCloseTo(0.75, 12);
  });

  it('names tensors so that they sort in solve order', () => {
    expect([mapTensorName(0), mapTensorName(12), mapTensorName(345)]).toEqual(['map.000', 'map.012', 'map.345']);
  });
});
