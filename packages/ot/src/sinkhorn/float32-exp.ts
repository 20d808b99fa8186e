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

/**
 * out[e] = float32Exp(fround(fround(numerators[e]) / divisor)) for e in [start, end): the float32
 * Gibbs kernel when `divisor` is the float32 -reg. The same steps as float32Exp, written out for
 * four entries at once: their independent dependency chains overlap in the processor, which
 * makes this about twice as fast as one entry at a time. `divisor` must be a float32 value.
 */
export function float32ExpOfQuotients(
  numerators: Float32Array | Float64Array,
  divisor: number,
  out: Float32Array,
  start: number,
  end: number,
): void {
  const fround = Math.fround;
  let e = start;
  for (; e + 4 <= end; e += 4) {
    const xa = fround(fround(numerators[e]) / divisor);
    const xb = fround(fround(numerators[e + 1]) / divisor);
    const xc = fround(fround(numerators[e + 2]) / divisor);
    const xd = fround(fround(numerators[e + 3]) / divisor);
    if (!(inRange(xa) && inRange(xb) && inRange(xc) && inRange(xd))) {
      out[e] = float32Exp(xa);
      out[e + 1] = float32Exp(xb);
      out[e + 2] = float32Exp(xc);
      out[e + 3] = float32Exp(xd);
      continue;
    }
    const ka = fround(fround(xa * LOG2E) + ROUNDING_MAGIC) - ROUNDING_MAGIC;
    const kb = fround(fround(xb * LOG2E) + ROUNDING_MAGIC) - ROUNDING_MAGIC;
    const kc = fround(fround(xc * LOG2E) + ROUNDING_MAGIC) - ROUNDING_MAGIC;
    const kd = fround(fround(xd * LOG2E) + ROUNDING_MAGIC) - ROUNDING_MAGIC;
    // k * LN2_HIGH + x is exact in float32 (Cody–Waite), so its rounding can be skipped.
    const ra = fround(ka * LN2_LOW + (ka * LN2_HIGH + xa));
    const rb = fround(kb * LN2_LOW + (kb * LN2_HIGH + xb));
    const rc = fround(kc * LN2_LOW + (kc * LN2_HIGH + xc));
    const rd = fround(kd * LN2_LOW + (kd * LN2_HIGH + xd));
    let na = fround(P5 * ra + P4);
    let nb = fround(P5 * rb + P4);
    let nc = fround(P5 * rc + P4);
    let nd = fround(P5 * rd + P4);
    let da = fround(Q2 * ra + Q1);
    let db = fround(Q2 * rb + Q1);
    let dc = fround(Q2 * rc + Q1);
    let dd = fround(Q2 * rd + Q1);
    na = fround(na * ra + P3);
    nb = fround(nb * rb + P3);
    nc = fround(nc * rc + P3);
    nd = fround(nd * rd + P3);
    da = fround(da * ra + 1);
    db = fround(db * rb + 1);
    dc = fround(dc * rc + 1);
    dd = fround(dd * rd + 1);
    na = fround(na * ra + P2);
    nb = fround(nb * rb + P2);
    nc = fround(nc * rc + P2);
    nd = fround(nd * rd + P2);
    na = fround(na * ra + P1);
    nb = fround(nb * rb + P1);
    nc = fround(nc * rc + P1);
    nd = fround(nd * rd + P1);
    na = fround(na * ra + P0);
    nb = fround(nb * rb + P0);
    nc = fround(nc * rc + P0);
    nd = fround(nd * rd + P0);
    // The float32 store rounds the product by 2^k once, as float32Exp's last fround does.
    out[e] = fround(na / da) * POW2[(ka + POW2_OFFSET) | 0];
    out[e + 1] = fround(nb / db) * POW2[(kb + POW2_OFFSET) | 0];
    out[e + 2] = fround(nc / dc) * POW2[(kc + POW2_OFFSET) | 0];
    out[e + 3] = fround(nd / dd) * POW2[(kd + POW2_OFFSET) | 0];
  }
  for (; e < end; e++) out[e] = float32Exp(fround(fround(numerators[e]) / divisor));
}

/** Strictly between the underflow and overflow bounds (false for NaN). */
function inRange(x: number): boolean {
  return x > UNDERFLOW_BOUND && x < OVERFLOW_BOUND;
}
