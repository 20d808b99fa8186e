import { Random } from '../__fixtures__/random';
import { float32Exp, float32ExpOfQuotients } from './float32-exp';

/**
 * Inputs where the reference array library's float32 exp is not the correctly rounded value,
 * with the value it returns (taken from that library).
 */
const REFERENCE_VALUES: Array<[number, number]> = [
  [-84.02584075927734, 3.2213732931549485e-37],
  [-53.59385681152344, 5.302536833722009e-24],
  [-5.070801734924316, 0.006277385633438826],
  [-45.23454666137695, 2.2640497205486096e-20],
  [-0.00014145307068247348, 0.9998586177825928],
  [-0.6539651155471802, 0.5199799537658691],
  [-0.17623181641101837, 0.8384235501289368],
  [-88.77228546142578, 2.7969609062261197e-39],
  [-88.68450164794922, 3.053586299191781e-39],
  [-89.313232421875, 1.6283816830655823e-39],
];

describe('float32Exp', () => {
  it.each(REFERENCE_VALUES)('exp(%f) is the reference library value %g, not the correctly rounded one', (x, expected) => {
    expect(float32Exp(x)).toBe(expected);
    expect(Math.fround(Math.exp(x))).not.toBe(expected);
  });

  it('stays within 3 float32 ulps of the correctly rounded exp', () => {
    const rng = new Random(9);
    for (let t = 0; t < 5000; t++) {
      const x = Math.fround(-100 * rng.next() + 5 * rng.next());
      const exact = Math.fround(Math.exp(x));
      const ulp = exact === 0 ? 2 ** -149 : Math.max(2 ** -149, 2 ** (Math.floor(Math.log2(exact)) - 23));
      expect(Math.abs(float32Exp(x) - exact)).toBeLessThanOrEqual(3 * ulp);
    }
  });

  it('handles the edges like the reference: 1 at 0, 0 below the underflow bound, Infinity above overflow, NaN', () => {
    expect(float32Exp(0)).toBe(1);
    expect(float32Exp(-104)).toBe(0);
    expect(float32Exp(-103.97208404541015625)).toBe(0);
    expect(float32Exp(89)).toBe(Number.POSITIVE_INFINITY);
    expect(float32Exp(Number.NaN)).toBeNaN();
    expect(float32Exp(-103.9)).toBeGreaterThan(0);
  });
});

describe('float32ExpOfQuotients', () => {
  it('gives float32Exp of each float32 quotient, bit for bit, on any range of entries', () => {
    const rng = new Random(21);
    const numerators = Float64Array.from(rng.uniformArray(203, -1, 12));
    // Entries that leave the fast path: underflow, overflow, NaN, and exactly 0.
    numerators.set([1e4, -1e4, Number.NaN, 0], 101);
    const divisor = Math.fround(-0.08);
    const out = new Float32Array(numerators.length).fill(-1);
    float32ExpOfQuotients(numerators, divisor, out, 3, 202);
    for (let e = 0; e < numerators.length; e++) {
      const expected = e < 3 || e >= 202 ? -1 : Math.fround(float32Exp(Math.fround(Math.fround(numerators[e]) / divisor)));
      expect(out[e]).toBe(expected);
    }
    expect(out[101]).toBe(0);
    expect(out[102]).toBe(Number.POSITIVE_INFINITY);
    expect(out[103]).toBeNaN();
    expect(out[104]).toBe(1);
  });

  it('rounds a float64 numerator to float32 first, as a float32 cost is read', () => {
    const numerators = Float64Array.of(0.1, 0.2, 0.3, 0.7, 0.9);
    const out = new Float32Array(5);
    float32ExpOfQuotients(numerators, Math.fround(-0.5), out, 0, 5);
    const fromFloat32 = new Float32Array(5);
    float32ExpOfQuotients(Float32Array.from(numerators), Math.fround(-0.5), fromFloat32, 0, 5);
    expect(out).toEqual(fromFloat32);
  });
});
