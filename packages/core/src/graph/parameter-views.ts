import { FusionError, formatShape } from '../errors';
import type { ShapeTable } from './node-kind';

/**
 * A parameter as nodes see it, stored as part of another tensor or in another layout: Q, K and V
 * as slices of one fused `c_attn` weight, or a GPT-2 `Conv1D` weight stored `[in, out]`. The
 * stored tensor is sliced first, then transposed. Fusion reads and writes views; the stored
 * tensors are assembled from them again.
 */
export interface ParameterView {
  /** The name graph nodes use. */
  name: string;
  /** The stored tensor. */
  source: string;
  /**
   * The part `[start, start + size)` of the stored tensor along `axis`, or its `part`-th of
   * `parts` equal parts there (Q, K and V of a fused projection, whatever the model's width: the
   * form that lets models of different widths share one graph). Default: all of it.
   */
  slice?: { axis: number; start: number; size: number } | { axis: number; part: number; parts: number };
  /** The stored tensor (2-D) is the transpose of the view, e.g. `[in, out]` for an `[out, in]` layer. */
  transposed?: boolean;
}

/** A view's slice in positions along its axis, for a stored tensor of this shape (undefined: all of it). */
export function sliceIn(view: ParameterView, stored: readonly number[]): { axis: number; start: number; size: number } | undefined {
  const slice = view.slice;
  if (!slice || 'start' in slice) return slice;
  const length = stored[slice.axis];
  if (!Number.isInteger(slice.parts) || slice.parts < 1 || length % slice.parts !== 0 || !(slice.part >= 0 && slice.part < slice.parts)) {
    throw new FusionError('SHAPE_MISMATCH', `view '${view.name}' is part ${slice.part} of ${slice.parts} equal parts of axis ${slice.axis}, but ${formatShape(stored)} has ${length} there`, [view.source]);
  }
  const size = length / slice.parts;
  return { axis: slice.axis, start: slice.part * size, size };
}

/** The shape a view has, given its stored tensor's shape. */
export function viewShape(view: ParameterView, stored: readonly number[]): number[] {
  const shape = [...stored];
  const slice = sliceIn(view, stored);
  if (slice) shape[slice.axis] = slice.size;
  if (view.transposed) {
    if (shape.length !== 2) throw new FusionError('SHAPE_MISMATCH', `a transposed view needs a 2-D tensor, got ${formatShape(stored)}`, [view.source]);
    shape.reverse();
  }
  return shape;
}

/**
 * The shapes nodes see: stored tensors replaced by their views. Each stored tensor's views must
 * cover it exactly once (slices side by side along one axis, in one layout), so assembling the
 * fused views loses nothing.
 */
export function viewedShapes(views: readonly ParameterView[] | undefined, shapes: ShapeTable): ShapeTable {
  if (!views?.length) return shapes;
  const bySource = viewsBySource(views);
  const viewed = new Map<string, readonly number[]>();
  for (const [name, shape] of shapes) {
    const parts = bySource.get(name);
    if (!parts) viewed.set(name, shape);
    else for (const view of checkTiling(name, parts, shape)) viewed.set(view.name, viewShape(view, shape));
  }
  for (const source of bySource.keys()) {
    if (!shapes.has(source)) throw new FusionError('GRAPH_COVERAGE', `the model has no parameter '${source}' (viewed as ${bySource.get(source)?.map((v) => `'${v.name}'`).join(', ')})`);
  }
  return viewed;
}

export function viewsBySource(views: readonly ParameterView[]): Map<string, ParameterView[]> {
  const bySource = new Map<string, ParameterView[]>();
  for (const view of views) bySource.set(view.source, [...(bySource.get(view.source) ?? []), view]);
  return bySource;
}

/** The views of one stored tensor, ordered by where their slices start, checked to tile it. */
function checkTiling(source: string, views: ParameterView[], shape: readonly number[]): ParameterView[] {
  const first = views[0];
  const fail = (detail: string): never => {
    throw new FusionError('GRAPH_COVERAGE', `the views of ${formatShape(shape)} ${detail}`, [source]);
  };
  if (views.some((v) => v.transposed !== first.transposed || v.slice?.axis !== first.slice?.axis)) fail('mix layouts or slice axes');
  if (!first.slice) return views.length === 1 ? views : fail('overlap: several take all of it');
  const axis = first.slice.axis;
  if (!Number.isInteger(axis) || axis < 0 || axis >= shape.length) fail(`slice axis ${axis}, which it does not have`);
  // Resolved in declaration order, so a bad part is reported for the first view that has one.
  const slices = new Map(views.map((view) => [view, sliceIn(view, shape) as { start: number; size: number }]));
  const ordered = [...views].sort((a, b) => (slices.get(a)?.start ?? 0) - (slices.get(b)?.start ?? 0));
  let covered = 0;
  for (const view of ordered) {
    const { start, size } = slices.get(view) as { start: number; size: number };
    if (start !== covered || size <= 0) fail(`leave rows ${covered}… of axis ${axis} uncovered or covered twice (at '${view.name}')`);
    covered = start + size;
  }
  if (covered !== shape[axis]) fail(`cover ${covered} of its ${shape[axis]} entries on axis ${axis}`);
  return ordered;
}
