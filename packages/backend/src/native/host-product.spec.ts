import { initWasmQuietly } from '../__fixtures__/backends';
import { nativeHostProductTransposed } from './host-product';

// Assumes this machine's state: onnxruntime-node 1.30.0 is installed and loads.

describe('nativeHostProductTransposed', () => {
  beforeAll(initWasmQuietly);

  it('computes A·Bᵀ of host arrays (by hand)', () => {
    const product = nativeHostProductTransposed();
    if (product === undefined) throw new Error('onnxruntime-node is not in use');
    // A = [[1, 2, 3], [4, 5, 6]], B = [[1, 0, -1], [2, 1, 0], [0, 0, 1], [1, 1, 1]]
    const out = product(Float32Array.of(1, 2, 3, 4, 5, 6), Float32Array.of(1, 0, -1, 2, 1, 0, 0, 0, 1, 1, 1, 1), 2, 3, 4);
    expect(Array.from(out)).toEqual([-2, 4, 3, 6, -2, 13, 6, 15]);
  });

  it('names the shapes it was given when they do not fit', () => {
    const product = nativeHostProductTransposed();
    expect(() => product?.(new Float32Array(5), new Float32Array(6), 2, 3, 2)).toThrow('A·Bᵀ: expected A [2, 3] and B [2, 3], got 5 and 6 values');
  });
});
