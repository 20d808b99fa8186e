import { InMemoryWeights } from '../weights';
import { useTestBackend } from '../__tests__/setup-backend';
import { vanillaFusion } from './vanilla';

beforeAll(useTestBackend);

describe('vanilla fusion', () => {
  const a = new InMemoryWeights({ w: { shape: [2], data: Float32Array.of(1, 2) } });
  const b = new InMemoryWeights({ w: { shape: [2], data: Float32Array.of(3, 6) } });

  it('averages parameters, optionally weighted', () => {
    expect(Array.from(vanillaFusion([a, b]).get('w')!.data)).toEqual([2, 4]);
    expect(Array.from(vanillaFusion([a, b], [3, 1]).get('w')!.data)).toEqual([1.5, 3]);
  });

  it('refuses models of different shapes, naming the tensor', () => {
    const wide = new InMemoryWeights({ w: { shape: [3], data: Float32Array.of(1, 2, 3) } });
    expect(() => vanillaFusion([a, wide])).toThrow('w: vanilla fusion needs equal shapes: model 0 has [2], model 1 has [3]');
  });
});
