import { ExtensionError } from './errors';
import { SeededRandom, permutation } from './seeded-random';

function draws(random: SeededRandom, n: number): number[] {
  return Array.from({ length: n }, () => random.nextUint32());
}

describe('SeededRandom', () => {
  it('follows xoshiro128** from a known state (values worked out by hand)', () => {
    // State [1, 2, 3, 4]: out = rotl(2·5, 7)·9 = 11520; the next state has s1 = 0, so the next
    // output is 0; then s1 = 1029 gives rotl(5145, 7)·9 = 5927040.
    const random = SeededRandom.fromState([1, 2, 3, 4]);
    expect(draws(random, 2)).toEqual([11520, 0]);
    expect(random.state()).toEqual([12295, 1029, 1029, 25165824]);
    expect(random.nextUint32()).toBe(5927040);
  });

  it('repeats its sequence for the same seed and differs across seeds', () => {
    expect(draws(new SeededRandom(7), 20)).toEqual(draws(new SeededRandom(7), 20));
    expect(draws(new SeededRandom(7), 20)).not.toEqual(draws(new SeededRandom(8), 20));
    expect(draws(new SeededRandom(-7), 20)).not.toEqual(draws(new SeededRandom(7), 20));
    expect(draws(new SeededRandom(2 ** 40 + 7), 20)).not.toEqual(draws(new SeededRandom(7), 20));
  });

  it('resumes from a saved state', () => {
    const random = new SeededRandom(3);
    draws(random, 5);
    const resumed = SeededRandom.fromState(random.state());
    expect(draws(resumed, 10)).toEqual(draws(random, 10));
  });

  it('rejects seeds that are not safe integers and an all-zero state', () => {
    expect(() => new SeededRandom(1.5)).toThrow(ExtensionError);
    expect(() => new SeededRandom(Number.NaN)).toThrow('seed must be a safe integer');
    expect(() => SeededRandom.fromState([0, 0, 0, 0])).toThrow('must not be all zeros');
  });

  it('draws floats in [0, 1) and integers in [0, n) with every value about equally often', () => {
    const random = new SeededRandom(11);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 20000; i++) {
      const float = random.nextFloat();
      expect(float >= 0 && float < 1).toBe(true);
      counts[random.nextInt(10)]++;
    }
    for (const count of counts) expect(Math.abs(count - 2000)).toBeLessThan(150);
    expect(() => random.nextInt(0)).toThrow('nextInt bound');
  });

  it('draws standard normal samples', () => {
    const random = new SeededRandom(5);
    const samples = Array.from({ length: 20000 }, () => random.nextNormal());
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    const variance = samples.reduce((a, b) => a + (b - mean) ** 2, 0) / samples.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});

describe('permutation', () => {
  it('holds every index once and depends only on the seed', () => {
    const order = permutation(1000, 42);
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(order).toEqual(permutation(1000, 42));
    expect(order).not.toEqual(permutation(1000, 43));
  });

  it('continues one stream when given a generator', () => {
    const random = new SeededRandom(9);
    const first = permutation(50, random);
    const second = permutation(50, random);
    expect(second).not.toEqual(first);
    const replay = new SeededRandom(9);
    expect(permutation(50, replay)).toEqual(first);
    expect(permutation(50, replay)).toEqual(second);
  });

  it('handles empty and single-element inputs and rejects bad lengths', () => {
    expect(permutation(0, 1)).toEqual(new Int32Array(0));
    expect(permutation(1, 1)).toEqual(Int32Array.of(0));
    expect(() => permutation(-1, 1)).toThrow('non-negative integer');
  });
});
