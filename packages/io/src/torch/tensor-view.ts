/**
 * A tensor as torch saves it: a view (offset, sizes, strides, in elements) of a storage that
 * other tensors may share (tied weights, slices). A row-major view is one range of the storage;
 * any other (a transposed or strided tensor saved as it is) is copied out element by element.
 */
import { elementCount } from '../dtypes';

export interface ViewLayout {
  readonly offset: number;
  readonly shape: readonly number[];
  readonly stride: readonly number[];
}

/** True when the view's elements lie back to back in row-major order (sizes of 1 take any stride). */
export function isRowMajor({ shape, stride }: ViewLayout): boolean {
  let expected = 1;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    if (shape[axis] !== 1 && stride[axis] !== expected) return elementCount(shape) === 0;
    expected *= shape[axis];
  }
  return true;
}

/** Elements from the view's first to its last, inclusive (0 for an empty view). Strides are non-negative. */
export function spanOf({ shape, stride }: ViewLayout): number {
  if (elementCount(shape) === 0) return 0;
  return shape.reduce((span, size, axis) => span + (size - 1) * stride[axis], 1);
}

/** The array that copies one element of `size` bytes in whole words. */
function wordsOf(bytes: Uint8Array, size: number): Uint8Array | Uint16Array | Uint32Array {
  const { buffer, byteOffset, byteLength } = bytes;
  if (size === 1) return bytes;
  if (size === 2) return new Uint16Array(buffer, byteOffset, byteLength / 2);
  return new Uint32Array(buffer, byteOffset, byteLength / 4);
}

/**
 * The view's elements in row-major order. `span` holds the storage's elements from the view's
 * first (its offset) to its last and must start its own ArrayBuffer, as the result does.
 */
export function gatherView(span: Uint8Array, view: ViewLayout, elementSize: number): Uint8Array {
  const { shape, stride } = view;
  const count = elementCount(shape);
  const out = new Uint8Array(new ArrayBuffer(count * elementSize));
  const source = wordsOf(span, elementSize);
  const target = wordsOf(out, elementSize);
  const words = elementSize <= 4 ? 1 : elementSize / 4;
  const index = new Array<number>(shape.length).fill(0);
  let from = 0;
  for (let to = 0; to < count; to++) {
    for (let w = 0; w < words; w++) target[to * words + w] = source[from * words + w];
    // Odometer over the axes, last fastest: step the element offset by the axis' stride.
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      from += stride[axis];
      if (++index[axis] < shape[axis]) break;
      from -= stride[axis] * shape[axis];
      index[axis] = 0;
    }
  }
  return out;
}
