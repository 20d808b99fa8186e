/**
 * exp(x) for a float32 x, rounded exactly as the vectorised float32 exponential of NumPy
 * (the array library under the reference Sinkhorn) rounds it, so float32 kernels agree bit for
 * bit. That routine is not correctly rounded (it is off by one ulp for about a third of the
 * inputs): it reduces x = k ln2 + r with a two-constant Cody–Waite split, evaluates exp(r) as a
 * ratio of a degree-5 and a degree-2 minimax polynomial with fused multiply-adds, and scales by
 * 2^k. Every float32 operation is emulated in float64 and rounded with Math.fround; a fused
 * multiply-add of float32 operands is exact in float64 up to a final rounding.
 */

const OVERFLOW_BOUND = 88.72283935546875;
const UNDERFLOW_BOUND = -103.97208404541015625;
const LOG2E = Math.fround(1.4426950408889634);
/** 1.5 * 2^23: adding and subtracting it rounds a float32 to the nearest integer. */
const ROUNDING_MAGIC = 12582912;
const LN2_HIGH = Math.fround(-6.93145752e-1);
const LN2_LOW = Math.fround(-1.42860677e-6);
const P0 = Math.fround(9.99999999998087e-1);
const P1 = Math.fround(7.257664613233124e-1);
const P2 = Math.fround(2.4736154348955208e-1);
const P3 = Math.fround(5.114512081637298e-2);
const P4 = Math.fround(6.757896990527505e-3);
const P5 = Math.fround(5.082762527590694e-4);
const Q1 = Math.fround(-2.7423353904116675e-1);
const Q2 = Math.fround(2.1595093756858298e-2);



/** 2^k for the integer exponents the reduction can produce, k in [-150, 128]. */
const POW2_OFFSET = 150;
const POW2 = new Float64Array(POW2_OFFSET + 129);
for (let k = -POW2_OFFSET; k <= 128; k++) POW2[k + POW2_OFFSET] = 2 ** k;

/** `x` must already be a float32 value. */
export function float32Exp(x: number): number {
  if (x >= OVERFLOW_BOUND) return Number.POSITIVE_INFINITY;
  if (x <= UNDERFLOW_BOUND) return 0;
  if (x !== x) return x;
  let k = Math.fround(x * LOG2E);
  // k + MAGIC is exact in float64 and its float32 rounding is round-half-even to an integer;
  // subtracting MAGIC again is exact.
  k = Math.fround(k + ROUNDING_MAGIC) - ROUNDING_MAGIC;
  let r = Math.fround(k * LN2_HIGH + x);
  r = Math.fround(k * LN2_LOW + r);
  let num = Math.fround(P5 * r + P4);
  num = Math.fround(num * r + P3);
  num = Math.fround(num * r + P2);
  num = Math.fround(num * r + P1);
  num = Math.fround(num * r + P0);
  let den = Math.fround(Q2 * r + Q1);
  den = Math.fround(den * r + 1);
  return Math.fround(Math.fround(num / den) * POW2[k + POW2_OFFSET]);
}
