import { gatherView, isRowMajor, spanOf } from './tensor-view';

describe('tensor views', () => {
  it('knows a row-major view, whatever the strides of axes of size 1', () => {
    expect(isRowMajor({ offset: 0, shape: [2, 3], stride: [3, 1] })).toBe(true);
    expect(isRowMajor({ offset: 5, shape: [1, 3], stride: [99, 1] })).toBe(true);
    expect(isRowMajor({ offset: 0, shape: [], stride: [] })).toBe(true);
    expect(isRowMajor({ offset: 0, shape: [0, 3], stride: [1, 7] })).toBe(true);
    expect(isRowMajor({ offset: 0, shape: [3, 2], stride: [1, 3] })).toBe(false);
    expect(isRowMajor({ offset: 0, shape: [2, 3], stride: [0, 1] })).toBe(false);
  });

  it('spans from the first element to the last', () => {
    expect(spanOf({ offset: 4, shape: [2, 3], stride: [3, 1] })).toBe(6);
    expect(spanOf({ offset: 0, shape: [3, 2], stride: [1, 3] })).toBe(6);
    expect(spanOf({ offset: 0, shape: [2, 2], stride: [12, 3] })).toBe(16);
    expect(spanOf({ offset: 0, shape: [], stride: [] })).toBe(1);
    expect(spanOf({ offset: 0, shape: [4, 0], stride: [1, 1] })).toBe(0);
  });

  it('copies out a transposed view of 8-byte elements and a strided view of 2-byte elements exactly', () => {
    // A 2×3 int64 storage (values 0…5, and one that only its high word tells apart), seen as its 3×2 transpose.
    const storage = BigInt64Array.of(0n, 1n, 2n, 3n, 4n, (1n << 40n) + 5n);
    const transposed = gatherView(new Uint8Array(storage.buffer), { offset: 0, shape: [3, 2], stride: [1, 3] }, 8);
    expect(new BigInt64Array(transposed.buffer)).toEqual(BigInt64Array.of(0n, 3n, 1n, 4n, 2n, (1n << 40n) + 5n));
    // Every other element of the second row of a 2×4 uint16 storage: the span given starts at the view's offset (4).
    const span = Uint16Array.of(10, 11, 12);
    const strided = gatherView(new Uint8Array(span.buffer), { offset: 4, shape: [2], stride: [2] }, 2);
    expect(new Uint16Array(strided.buffer)).toEqual(Uint16Array.of(10, 12));
    // A broadcast row (stride 0) repeats it.
    const row = Float32Array.of(1.5, -2);
    expect(new Float32Array(gatherView(new Uint8Array(row.buffer), { offset: 0, shape: [2, 2], stride: [0, 1] }, 4).buffer)).toEqual(Float32Array.of(1.5, -2, 1.5, -2));
  });
});
