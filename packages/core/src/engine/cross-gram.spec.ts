import { useTestBackend } from '../__tests__/setup-backend';
import { seeded } from '../__tests__/tiny-models';
import { loopProduct } from '../__tests__/loop-product';
import { crossGram } from './cross-gram';

describe('crossGram', () => {
  beforeAll(useTestBackend);

  const [n0, n1, dim] = [9, 7, 53];
  const random = seeded(21);
  const x = Float32Array.from({ length: n0 * dim }, () => random() * 2 - 1);
  const y = Float32Array.from({ length: n1 * dim }, () => random() * 2 - 1);
  const expected = loopProduct(x, y, n0, dim, n1);

  it('is X·Yᵀ in one product', () => {
    crossGram(x, y, n0, n1, dim).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
  });

  it('is X·Yᵀ summed over slices of the shared axis, an uneven last slice included', () => {
    // 16 columns of 16 rows per slice: 53 = 3 · 16 + 5.
    crossGram(x, y, n0, n1, dim, undefined, 16 * (n0 + n1)).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
  });

  it('hands the whole product to a host product when given one, operands as they are', () => {
    const calls: number[][] = [];
    const hostProduct = (a: Float32Array, b: Float32Array, m: number, k: number, n: number): Float32Array => {
      calls.push([m, k, n]);
      expect(a).toBe(x);
      expect(b).toBe(y);
      return Float32Array.from(loopProduct(a, b, m, k, n));
    };
    crossGram(x, y, n0, n1, dim, hostProduct, 16 * (n0 + n1)).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
    expect(calls).toEqual([[n0, dim, n1]]);
  });
});
