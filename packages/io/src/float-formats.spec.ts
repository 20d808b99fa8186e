import { bfloat16ToFloat32, float16ToFloat32, float32ToBfloat16, float32ToFloat16 } from './float-formats';

const f16 = (value: number) => float32ToFloat16([value])[0];
const bf16 = (value: number) => float32ToBfloat16([value])[0];
const fromF16 = (bits: number) => float16ToFloat32(Uint16Array.of(bits))[0];
const fromBf16 = (bits: number) => bfloat16ToFloat32(Uint16Array.of(bits))[0];
const isNanF16 = (bits: number) => (bits & 0x7c00) === 0x7c00 && (bits & 0x3ff) !== 0;
const isNanBf16 = (bits: number) => (bits & 0x7f80) === 0x7f80 && (bits & 0x7f) !== 0;

describe('binary16', () => {
  it('encodes known values', () => {
    expect(f16(1)).toBe(0x3c00);
    expect(f16(-2)).toBe(0xc000);
    expect(f16(0.5)).toBe(0x3800);
    expect(f16(65504)).toBe(0x7bff);
    expect(f16(0)).toBe(0x0000);
    expect(f16(-0)).toBe(0x8000);
    expect(f16(Infinity)).toBe(0x7c00);
    expect(f16(-Infinity)).toBe(0xfc00);
  });

  it('keeps subnormals and rounds below them to zero, ties to even', () => {
    expect(f16(2 ** -24)).toBe(0x0001);
    expect(f16(1023 * 2 ** -24)).toBe(0x03ff);
    expect(f16(2 ** -14)).toBe(0x0400);
    expect(f16(2 ** -25)).toBe(0x0000); // halfway between 0 and the smallest subnormal: even is 0
    expect(f16(3 * 2 ** -25)).toBe(0x0002); // halfway between 1 and 2 units: even is 2
    expect(f16(2 ** -25 * 1.0001)).toBe(0x0001);
    expect(f16(-(2 ** -26))).toBe(0x8000);
    expect(f16(1023.5 * 2 ** -24)).toBe(0x0400); // rounds up into the smallest normal
  });

  it('rounds ties to even and overflows to infinity', () => {
    expect(f16(1 + 2 ** -11)).toBe(0x3c00);
    expect(f16(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(f16(65519.99)).toBe(0x7bff);
    expect(f16(65520)).toBe(0x7c00);
    expect(f16(1e10)).toBe(0x7c00);
    expect(f16(-1e10)).toBe(0xfc00);
  });

  it('rounds a float64 once, not through float32', () => {
    // float32 would drop the 2^-40 and leave an exact tie, which rounds down to 1.
    expect(float32ToFloat16(Float64Array.of(1 + 2 ** -11 + 2 ** -40))[0]).toBe(0x3c01);
  });

  it('keeps NaN a NaN with its sign', () => {
    expect(isNanF16(f16(NaN))).toBe(true);
    expect(Number.isNaN(fromF16(0x7e00))).toBe(true);
    expect(Number.isNaN(fromF16(0xfc01))).toBe(true);
    expect(f16(fromF16(0x7e00))).toBe(0x7e00);
    expect(f16(fromF16(0xfe00))).toBe(0xfe00);
  });

  it('decodes known patterns', () => {
    expect(fromF16(0x3c00)).toBe(1);
    expect(fromF16(0xc000)).toBe(-2);
    expect(fromF16(0x0001)).toBe(2 ** -24);
    expect(fromF16(0x7bff)).toBe(65504);
    expect(fromF16(0x7c00)).toBe(Infinity);
    expect(Object.is(fromF16(0x8000), -0)).toBe(true);
  });

  it('round-trips every non-NaN pattern exactly', () => {
    const all = new Uint16Array(0x10000).map((_, i) => i);
    const back = float32ToFloat16(float16ToFloat32(all));
    for (let h = 0; h < 0x10000; h++) {
      if (isNanF16(h)) expect(isNanF16(back[h])).toBe(true);
      else if (back[h] !== h) throw new Error(`0x${h.toString(16)} came back as 0x${back[h].toString(16)}`);
    }
  });

  it('rounds every midpoint between neighbours to the even one, and just off it to the nearer', () => {
    for (let h = 0; h < 0x7bff; h++) {
      const low = fromF16(h);
      const mid = (low + fromF16(h + 1)) / 2;
      const even = h % 2 === 0 ? h : h + 1;
      const [atMid, below, above] = float32ToFloat16(Float64Array.of(mid, mid * (1 - 2 ** -30), mid * (1 + 2 ** -30)));
      if (atMid !== even || below !== h || above !== h + 1) {
        throw new Error(`midpoint after 0x${h.toString(16)}: ${atMid}, ${below}, ${above}`);
      }
    }
  });
});

describe('bfloat16', () => {
  it('encodes known values', () => {
    expect(bf16(1)).toBe(0x3f80);
    expect(bf16(-2)).toBe(0xc000);
    expect(bf16(1 + 2 ** -8)).toBe(0x3f80); // tie to even
    expect(bf16(1 + 3 * 2 ** -8)).toBe(0x3f82);
    expect(bf16(2 ** -133)).toBe(0x0001);
    expect(bf16(2 ** -134)).toBe(0x0000);
    expect(bf16(3.3895313892515355e38)).toBe(0x7f7f); // largest finite bfloat16
    expect(bf16(3.4028234663852886e38)).toBe(0x7f80); // float32 max rounds up to infinity
    expect(bf16(-Infinity)).toBe(0xff80);
    expect(isNanBf16(bf16(NaN))).toBe(true);
  });

  it('matches the float32 bit-rounding rule on random float32 values', () => {
    const values = new Float32Array(20000);
    const words = new Uint32Array(values.buffer);
    let state = 12345;
    for (let i = 0; i < words.length; i++) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      words[i] = state;
    }
    const got = float32ToBfloat16(values);
    for (let i = 0; i < words.length; i++) {
      const u = words[i];
      if (Number.isNaN(values[i])) {
        expect(isNanBf16(got[i])).toBe(true);
        continue;
      }
      const expected = ((u + 0x7fff + ((u >>> 16) & 1)) >>> 16) & 0xffff;
      if (got[i] !== expected) throw new Error(`0x${u.toString(16)}: got 0x${got[i].toString(16)}, expected 0x${expected.toString(16)}`);
    }
  });

  it('round-trips every non-NaN pattern exactly', () => {
    const all = new Uint16Array(0x10000).map((_, i) => i);
    const back = float32ToBfloat16(bfloat16ToFloat32(all));
    for (let h = 0; h < 0x10000; h++) {
      if (isNanBf16(h)) expect(isNanBf16(back[h])).toBe(true);
      else if (back[h] !== h) throw new Error(`0x${h.toString(16)} came back as 0x${back[h].toString(16)}`);
    }
  });

  it('decodes exactly: bfloat16 is the top half of float32', () => {
    expect(fromBf16(0x3f80)).toBe(1);
    expect(fromBf16(0x0001)).toBe(2 ** -133);
    expect(fromBf16(0x7f80)).toBe(Infinity);
    expect(Number.isNaN(fromBf16(0x7fc0))).toBe(true);
  });
});

describe('Float32Array fast path', () => {
  // Every high half, with low halves around each rounding point: binary16 normals drop 13 bits
  // (ties at 0x1000 and 0x3000), its subnormals 14 to 24 (ties at 0x2000, 0x6000, 0x4000, 0xc000,
  // and in the high half), bfloat16 drops 16 (tie at 0x8000). NaNs and infinities included.
  const lowHalves = [
    0, 1, 0x0fff, 0x1000, 0x1001, 0x1fff, 0x2000, 0x2001,
    0x3000, 0x4000, 0x6000, 0x7fff, 0x8000, 0x8001, 0xc000, 0xffff,
  ];
  const words = new Uint32Array(0x10000 * lowHalves.length);
  for (let high = 0, i = 0; high < 0x10000; high++) {
    for (const low of lowHalves) words[i++] = ((high << 16) | low) >>> 0;
  }
  const values = new Float32Array(words.buffer);
  // The same numbers as float64s (NaN payloads kept), which take the general, exact path.
  const asFloat64 = new Float64Array(values);

  function expectSamePatterns(inputs: Float32Array, got: Uint16Array, expected: Uint16Array): void {
    const bits = new Uint32Array(inputs.buffer, inputs.byteOffset, inputs.length);
    expect(got.length).toBe(expected.length);
    for (let i = 0; i < got.length; i++) {
      if (got[i] !== expected[i]) {
        throw new Error(`0x${bits[i].toString(16)}: got 0x${got[i].toString(16)}, expected 0x${expected[i].toString(16)}`);
      }
    }
  }

  it('gives the exact path binary16 patterns for every high half and rounding low half', () => {
    expectSamePatterns(values, float32ToFloat16(values), float32ToFloat16(asFloat64));
  });

  it('gives the exact path bfloat16 patterns for every high half and rounding low half', () => {
    expectSamePatterns(values, float32ToBfloat16(values), float32ToBfloat16(asFloat64));
  });

  it('reads a view at its own offset and length', () => {
    const view = values.subarray(0x3c00 * lowHalves.length + 3, 0x3c00 * lowHalves.length + 40);
    expectSamePatterns(view, float32ToFloat16(view), float32ToFloat16(new Float64Array(view)));
    expectSamePatterns(view, float32ToBfloat16(view), float32ToBfloat16(new Float64Array(view)));
  });
});
