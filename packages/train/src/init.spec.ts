import * as tf from '@tensorflow/tfjs';
import { SeededRandom } from '@otfuse/extension';
import { useTestBackend } from './__fixtures__/backend';
import { computeFans, glorotUniform, heUniform, normal, zeros } from './init';

function values(tensor: tf.Tensor): number[] {
  const result = Array.from(tensor.dataSync());
  tensor.dispose();
  return result;
}

describe('initialisers', () => {
  beforeAll(useTestBackend);

  it('read fans from [out, in, ...kernel]', () => {
    expect(computeFans([64, 32])).toEqual({ fanIn: 32, fanOut: 64 });
    expect(computeFans([16, 3, 5, 5])).toEqual({ fanIn: 75, fanOut: 400 });
    expect(computeFans([10])).toEqual({ fanIn: 10, fanOut: 10 });
    expect(() => computeFans([3, 0])).toThrow('weight shape must hold positive integers, got [3, 0]');
  });

  it('draw Glorot and He uniform values inside their limits, filling them out', () => {
    for (const [init, limit] of [[glorotUniform, Math.sqrt(6 / (50 + 200))], [heUniform, Math.sqrt(6 / 200)]] as const) {
      const drawn = values(init([50, 200], 1));
      expect(drawn).toHaveLength(10000);
      expect(Math.max(...drawn.map(Math.abs))).toBeLessThanOrEqual(limit);
      expect(Math.max(...drawn)).toBeGreaterThan(0.99 * limit);
      expect(Math.min(...drawn)).toBeLessThan(-0.99 * limit);
    }
  });

  it('repeat for a seed, and continue a shared generator', () => {
    expect(values(glorotUniform([4, 4], 7))).toEqual(values(glorotUniform([4, 4], 7)));
    expect(values(glorotUniform([4, 4], 7))).not.toEqual(values(glorotUniform([4, 4], 8)));
    const random = new SeededRandom(7);
    const first = values(heUniform([4, 4], random));
    expect(first).toEqual(values(heUniform([4, 4], 7)));
    expect(values(heUniform([4, 4], random))).not.toEqual(first);
  });

  it('draw normal values with the asked mean and spread', () => {
    const drawn = values(normal([100, 100], 3, { mean: 2, std: 0.5 }));
    const mean = drawn.reduce((a, b) => a + b, 0) / drawn.length;
    const std = Math.sqrt(drawn.reduce((a, b) => a + (b - mean) ** 2, 0) / drawn.length);
    expect(Math.abs(mean - 2)).toBeLessThan(0.02);
    expect(Math.abs(std - 0.5)).toBeLessThan(0.02);
    expect(() => normal([2], 0, { std: -1 })).toThrow('std non-negative');
  });

  it('make zeros of the shape', () => {
    const tensor = zeros([2, 3]);
    expect(tensor.shape).toEqual([2, 3]);
    expect(values(tensor)).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
