/**
 * Conversions between float32/float64 numbers and the two 16-bit float formats safetensors
 * uses: IEEE 754 binary16 (F16) and bfloat16 (BF16). Node 20 has no Float16Array, so both are
 * carried as raw bit patterns in Uint16Arrays. Narrowing rounds to nearest, ties to even, in
 * one step from the input number (a float64 input is not first rounded to float32), keeps
 * subnormals, overflows to infinity and keeps NaN a NaN (quiet, sign and top payload bits kept).
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

function narrowAll(values: ArrayLike<number>, format: SmallFloatFormat): Uint16Array {
  assertLittleEndianHost();
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = narrow(values[i], format);
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

/** Rounds numbers (float32 or float64) to binary16 bit patterns, ties to even. */
export function float32ToFloat16(values: ArrayLike<number>): Uint16Array {
  return narrowAll(values, BINARY16);
}

/** Rounds numbers (float32 or float64) to bfloat16 bit patterns, ties to even. */
export function float32ToBfloat16(values: ArrayLike<number>): Uint16Array {
  return narrowAll(values, BFLOAT16);
}
