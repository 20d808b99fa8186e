import { IoError } from './errors';
import { int64ToInt32, int64ToNumbers } from './int64';

describe('int64 narrowing', () => {
  it('converts values that fit', () => {
    expect(int64ToInt32(BigInt64Array.of(-2147483648n, 0n, 2147483647n))).toEqual(Int32Array.of(-2147483648, 0, 2147483647));
    expect(int64ToNumbers(BigInt64Array.of(-(2n ** 53n) + 1n, 7n))).toEqual([-(2 ** 53) + 1, 7]);
    expect(int64ToNumbers(BigUint64Array.of(2n ** 53n - 1n))).toEqual([2 ** 53 - 1]);
  });

  it('refuses values that do not fit, naming the tensor and the element', () => {
    expect(() => int64ToInt32(BigInt64Array.of(1n, 2147483648n), 'input_ids')).toThrow(
      new IoError('IO_INT_OVERFLOW', 'input_ids: element 1 is 2147483648, which does not fit in int32'),
    );
    expect(() => int64ToNumbers(BigInt64Array.of(2n ** 53n))).toThrow(expect.objectContaining({ code: 'IO_INT_OVERFLOW' }));
  });
});
