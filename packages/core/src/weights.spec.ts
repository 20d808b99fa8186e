import { InMemoryWeights } from './weights';

describe('in-memory weights', () => {
  it('rejects NaN weights, naming the tensor and the index', () => {
    expect(() => new InMemoryWeights({ 'layers.0.weight': { shape: [2], data: Float32Array.of(1, NaN) } }, 'parent0/model.safetensors')).toThrow(
      "parent0/model.safetensors: tensor 'layers.0.weight' has a non-finite value (NaN) at flat index 1",
    );
  });

  it('rejects data that does not fill the shape', () => {
    expect(() => new InMemoryWeights({ w: { shape: [2, 2], data: Float32Array.of(1, 2, 3) } })).toThrow(
      "weights: tensor 'w' has 3 values but shape [2, 2] needs 4",
    );
  });
});
