import { FusionError, formatShape } from '../errors';
import type { ShapeTable } from './node-kind';
import type { MapRef } from './nodes';

/** Shape checks node kinds share: each names the parameter and what was expected. */

export function shapeOf(shapes: ShapeTable, param: string): readonly number[] {
  const shape = shapes.get(param);
  if (!shape) throw new FusionError('GRAPH_COVERAGE', `the model has no parameter '${param}'`);
  return shape;
}

/** `axis` of `shape` is `expected` (negative axes count from the end); nothing to check when `expected` is unknown. */
export function expectDim(param: string, shape: readonly number[], axis: number, expected: number | undefined, what: string): void {
  if (expected === undefined) return;
  const actual = shape[axis < 0 ? shape.length + axis : axis];
  if (actual !== expected) {
    throw new FusionError('SHAPE_MISMATCH', `${what} is ${expected} but ${formatShape(shape)} has ${actual} on axis ${axis}`, [param]);
  }
}

/** The output width of the node a map reference names, when known. */
export function inputWidth(ref: MapRef, widths: ReadonlyMap<string, number>): number | undefined {
  return ref === null ? undefined : widths.get(ref);
}

/** A weight `[out, in, ...]` (and bias `[out]`) reading `expectedIn` features; returns `out`. */
export function projectionWidth(
  spec: { weight: string; bias?: string },
  shapes: ShapeTable,
  expectedIn: number | undefined,
  inLabel: string,
): number {
  const shape = shapeOf(shapes, spec.weight);
  if (shape.length < 2) {
    throw new FusionError('SHAPE_MISMATCH', `expected a weight of rank ≥ 2, got ${formatShape(shape)}`, [spec.weight]);
  }
  expectDim(spec.weight, shape, 1, expectedIn, inLabel);
  if (spec.bias) expectDim(spec.bias, shapeOf(shapes, spec.bias), 0, shape[0], 'the output width');
  return shape[0];
}

/** The parameter axes of a projection: output rows in `output`'s features (when it has a map), inputs in `input`'s. */
export function projectionAxes(spec: { weight: string; bias?: string }, input: MapRef, output: string | null) {
  const axes = [];
  if (input !== null) axes.push({ param: spec.weight, axis: 1, space: input });
  if (output !== null) {
    axes.push({ param: spec.weight, axis: 0, space: output });
    if (spec.bias) axes.push({ param: spec.bias, axis: 0, space: output });
  }
  return axes;
}
