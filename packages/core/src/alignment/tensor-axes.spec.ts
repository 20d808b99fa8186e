import { permutation } from '@otfuse/extension';
import { seeded } from '../__tests__/tiny-models';
import { gatherAxis, resolveAxis, sliceRows } from './tensor-axes';

/** Row-major strides, for reference index math one element at a time. */
const strides = (shape: readonly number[]): number[] => shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));

function unravel(flat: number, shape: readonly number[]): number[] {
  return strides(shape).map((stride, i) => Math.floor(flat / stride) % shape[i]);
}

const ravel = (index: readonly number[], shape: readonly number[]): number => strides(shape).reduce((sum, stride, i) => sum + stride * index[i], 0);

describe('axis helpers', () => {
  const random = seeded(3);
  // Inner sizes below and above the length at which whole runs are copied as views, and a plain matrix.
  const shapes = [[3, 4, 5], [2, 5, 40], [4, 3, 2, 33], [37, 35], [6]];

  it.each(shapes.flatMap((shape) => shape.map((_, axis) => [shape, axis] as const)))('gathers %j along axis %i', (shape, axis) => {
    const data = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random());
    const order = permutation(shape[axis], shape.length * 10 + axis);
    const gathered = gatherAxis(data, shape, axis, order);
    gathered.forEach((value, flat) => {
      const index = unravel(flat, shape);
      index[axis] = order[index[axis]];
      expect(value).toBe(data[ravel(index, shape)]);
    });
  });

  it.each(shapes.flatMap((shape) => shape.map((_, axis) => [shape, axis] as const)))('lays %j out as rows of slices along axis %i', (shape, axis) => {
    const data = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random());
    const rows = sliceRows(data, shape, axis);
    const moved = [shape[axis], ...shape.filter((_, i) => i !== axis)];
    rows.forEach((value, flat) => {
      const [slice, ...rest] = unravel(flat, moved);
      const index = [...rest.slice(0, axis), slice, ...rest.slice(axis)];
      expect(value).toBe(data[ravel(index, shape)]);
    });
    if (axis === 0) expect(rows).toBe(data);
  });

  it('counts negative axes from the end and rejects axes out of range', () => {
    expect([resolveAxis(-1, 4), resolveAxis(-4, 4), resolveAxis(3, 4)]).toEqual([3, 0, 3]);
    expect([resolveAxis(4, 4), resolveAxis(-5, 4), resolveAxis(0.5, 4)]).toEqual([undefined, undefined, undefined]);
  });
});
