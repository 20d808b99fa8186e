/**
 * Conversions between float32/float64 numbers and the two 16-bit float formats safetensors
 * uses: IEEE 754 binary16 (F16) and bfloat16 (BF16). Node 20 has no Float16Array, so both are
 * carried as raw bit patterns in Uint16Arrays. Narrowing rounds to nearest, ties to even, in
 * one step from the input number (a float64 input is not first rounded to float32), keeps
 * subnormals, overflows to infinity and keeps NaN a NaN (quiet, sign and top payload bits kept).
 * Float32Array inputs take a specialised path that does the same rounding with integer
 * operations on the float32 bit patterns; its results are identical, only faster.
 */
import { assertLittleEndianHost } from './dtypes';

interface SmallFloatFormat {
  readonly exponentBits: number;
  readonly mantissaBits: number;
}

const BINARY16: SmallFloatFormat = { exponentBits: 5, mantissaBits: 10 };
const BFLOAT16: SmallFloatFormat = { exponentBits: 8, mantissaBits: 7 };

/** Exact powers of two 2^k for |k| <= 160, built by doubling so no rounding can creep in. */
const POW2_LIMIT = 160;
const POW2 = (() => {
  const table = new Float64Array(2 * POW2_LIMIT + 1);
  table[POW2_LIMIT] = 1;
  for (let k = 1; k <= POW2_LIMIT; k++) {
    table[POW2_LIMIT + k] = table[POW2_LIMIT + k - 1] * 2;
    table[POW2_LIMIT - k] = table[POW2_LIMIT - k + 1] / 2;
  }
  return table;
})();

function pow2(k: number): number {
  return POW2[POW2_LIMIT + k];
}

function roundHalfToEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);

/** Bit pattern of `value` in `format`. */
function narrow(value: number, format: SmallFloatFormat): number {
  const { exponentBits, mantissaBits } = format;
  const bias = (1 << (exponentBits - 1)) - 1;
  const maxField = (1 << exponentBits) - 1;
  const hidden = 1 << mantissaBits;

  scratch[0] = value;
  const high = scratchWords[1];
  const sign = (high >>> 31) << (exponentBits + mantissaBits);
  if (value !== value) {
    const payload = (high & 0xfffff) >>> (20 - mantissaBits);
    return sign | (maxField << mantissaBits) | payload | (hidden >>> 1);
  }
  const magnitude = Math.abs(value);
  const exponent = ((high >>> 20) & 0x7ff) - 1023;
  const minExponent = 1 - bias;
  if (exponent < minExponent) {
    // Subnormal in the target (or zero): count units of the smallest subnormal. Rounding up to
    // `hidden` units yields the smallest normal's bit pattern, as it should.
    return sign | roundHalfToEven(magnitude * pow2(mantissaBits - minExponent));
  }
  if (exponent > bias) return sign | (maxField << mantissaBits);
  let significand = roundHalfToEven(magnitude * pow2(mantissaBits - exponent));
  let field = exponent + bias;
  if (significand === 2 * hidden) {
    significand = hidden;
    field += 1;
  }
  if (field >= maxField) return sign | (maxField << mantissaBits);
  return sign | (field << mantissaBits) | (significand - hidden);
}

/**
 * `bits / 2^shift` rounded to nearest, ties to even, for 1 <= shift <= 24 and bits < 2^32:
 * adding just under half rounds up exactly when the dropped part is over half, and the kept
 * low bit tips an exact half up only when that bit is odd.
 */
function roundShift(bits: number, shift: number): number {
  return (bits + (1 << (shift - 1)) - 1 + ((bits >>> shift) & 1)) >>> shift;
}

/**
 * `narrow(value, BINARY16)` for a float32 value, from its bit pattern. A float32 input is
 * rounded once either way, so integer rounding of its bits gives the same result.
 */
function float32BitsToFloat16(bits: number): number {
  const sign = (bits >>> 16) & 0x8000;
  const magnitude = bits & 0x7fffffff;
  // NaN: quiet, with the top 10 payload bits, as `narrow` keeps them.
  if (magnitude > 0x7f800000) return sign | 0x7e00 | ((magnitude >>> 13) & 0x3ff);
  // 65520 (halfway from 65504 to 2^16) and up, infinity included, round to infinity.
  if (magnitude >= 0x477ff000) return sign | 0x7c00;
  // Normal in binary16 (from 2^-14): rebias the exponent from 127 to 15 and drop 13 mantissa
  // bits; a carry out of the mantissa steps the exponent up, which is the right result.
  if (magnitude >= 0x38800000) return sign | roundShift(magnitude - 0x38000000, 13);
  // Below 2^-25, half the smallest subnormal, everything rounds to zero.
  if (magnitude < 0x33000000) return sign;
  // Subnormal: count units of 2^-24, i.e. shift the significand (hidden bit set) by 14 to 24.
  // Rounding up to 0x400 units yields the smallest normal's bit pattern, as it should.
  return sign | roundShift((magnitude & 0x7fffff) | 0x800000, 126 - (magnitude >>> 23));
}

/** `narrow(value, BFLOAT16)` for a float32 value, from its bit pattern: bfloat16 is its top half. */
function float32BitsToBfloat16(bits: number): number {
  // NaN: quiet, with the sign and top 7 payload bits.
  if ((bits & 0x7fffffff) > 0x7f800000) return (bits >>> 16) | 0x40;
  // Rounding the low half away carries into the exponent and on to infinity as needed.
  return roundShift(bits, 16);
}

/** The general path: any numbers, float64 ones rounded in one step (never through float32). */
function narrowAll(values: ArrayLike<number>, format: SmallFloatFormat): Uint16Array {
  assertLittleEndianHost();
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = narrow(values[i], format);
  return out;
}

/** The float32 bit patterns of `values`, read in place. */
function float32Bits(values: Float32Array): Uint32Array {
  assertLittleEndianHost();
  return new Uint32Array(values.buffer, values.byteOffset, values.length);
}

// One loop per format, so that each call site sees a single function and stays fast.

function float32ArrayToFloat16(values: Float32Array): Uint16Array {
  const bits = float32Bits(values);
  const out = new Uint16Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = float32BitsToFloat16(bits[i]);
  return out;
}

function float32ArrayToBfloat16(values: Float32Array): Uint16Array {
  const bits = float32Bits(values);
  const out = new Uint16Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = float32BitsToBfloat16(bits[i]);
  return out;
}

/** Float32 value of every binary16 bit pattern, NaN payloads included. */
let float16Table: Float32Array | undefined;

function buildFloat16Table(): Float32Array {
  const table = new Float32Array(0x10000);
  const bits = new Uint32Array(table.buffer);
  for (let h = 0; h < 0x10000; h++) {
    const negative = (h & 0x8000) !== 0;
    const field = (h >>> 10) & 0x1f;
    const mantissa = h & 0x3ff;
    if (field === 0x1f) {
      bits[h] = ((h & 0x8000) << 16) | 0x7f800000 | (mantissa << 13);
      continue;
    }
    const magnitude = field === 0 ? mantissa * pow2(-24) : (mantissa + 1024) * pow2(field - 25);
    table[h] = negative ? -magnitude : magnitude;
  }
  return table;
}

/** Widens binary16 bit patterns to float32 values (exact). */
export function float16ToFloat32(bits: Uint16Array): Float32Array {
  assertLittleEndianHost();
  float16Table ??= buildFloat16Table();
  const table = float16Table;
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = table[bits[i]];
  return out;
}

/** Widens bfloat16 bit patterns to float32 values (exact: bfloat16 is float32's top half). */
export function bfloat16ToFloat32(bits: Uint16Array): Float32Array {
  assertLittleEndianHost();
  const words = new Uint32Array(bits.length);
  for (let i = 0; i < bits.length; i++) words[i] = bits[i] << 16;
  return new Float32Array(words.buffer);
}

/** Rounds numbers (float32 or float64) to binary16 bit patterns, ties to even; fastest on a Float32Array. */
export function float32ToFloat16(values: ArrayLike<number>): Uint16Array {
  return values instanceof Float32Array ? float32ArrayToFloat16(values) : narrowAll(values, BINARY16);
}

/** Rounds numbers (float32 or float64) to bfloat16 bit patterns, ties to even; fastest on a Float32Array. */
export function float32ToBfloat16(values: ArrayLike<number>): Uint16Array {
  return values instanceof Float32Array ? float32ArrayToBfloat16(values) : narrowAll(values, BFLOAT16);
}
