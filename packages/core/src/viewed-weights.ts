import * as tf from '@tensorflow/tfjs';
import { FusionError } from './errors';
import { ParameterView, sliceIn, viewShape, viewedShapes, viewsBySource } from './graph/parameter-views';
import type { AlignmentGraph } from './graph/nodes';
import { HostTensor, ModelWeights, shapeTable } from './weights';

/**
 * A model's weights as a graph's nodes see them: stored tensors that have views are replaced by
 * those views (sliced, transposed). Stored names stay readable for forward passes.
 */
export class ViewedWeights implements ModelWeights {
  private readonly views: Map<string, ParameterView>;
  private readonly shapes: ReadonlyMap<string, readonly number[]>;

  constructor(private readonly stored: ModelWeights, views: readonly ParameterView[]) {
    this.views = new Map(views.map((v) => [v.name, v]));
    this.shapes = viewedShapes(views, shapeTable(stored));
  }

  names(): string[] {
    return [...this.shapes.keys()];
  }

  shape(name: string): readonly number[] {
    return this.shapes.get(name) ?? this.stored.shape(name);
  }

  tensor(name: string): tf.Tensor {
    const view = this.views.get(name);
    if (!view) return this.stored.tensor(name);
    return tf.tidy(() => {
      let t = this.stored.tensor(view.source);
      const slice = sliceIn(view, t.shape);
      if (slice) {
        const begin = t.shape.map((_, axis) => (axis === slice.axis ? slice.start : 0));
        const size = t.shape.map((n, axis) => (axis === slice.axis ? slice.size : n));
        t = tf.slice(t, begin, size);
      }
      return view.transposed ? tf.transpose(t) : t;
    });
  }
}

/** The weights as the graph's nodes see them (the weights themselves when the graph has no views). */
export function viewedBy(graph: AlignmentGraph, weights: ModelWeights): ModelWeights {
  return graph.views?.length ? new ViewedWeights(weights, graph.views) : weights;
}

/**
 * Stored tensors from fused views: each view transposed back and written at its slice; tensors
 * without views pass through. `stored` gives the stored shapes (the anchor's).
 */
export function storedTensors(graph: AlignmentGraph, fused: Map<string, HostTensor>, stored: ReadonlyMap<string, readonly number[]>): Map<string, HostTensor> {
  if (!graph.views?.length) return fused;
  const out = new Map(fused);
  for (const [source, views] of viewsBySource(graph.views)) {
    const shape = stored.get(source);
    if (!shape) throw new FusionError('GRAPH_COVERAGE', `the model has no parameter '${source}'`);
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (const view of views) {
      const part = out.get(view.name);
      if (!part) throw new FusionError('GRAPH_INVALID', `no fused value for view '${view.name}'`, [source]);
      writeView(view, part, shape, data);
      out.delete(view.name);
    }
    out.set(source, { shape: [...shape], data });
  }
  return out;
}

/** Writes a view's values into the stored tensor's array (row-major), undoing the transpose and the slice. */
function writeView(view: ParameterView, part: HostTensor, stored: readonly number[], into: Float32Array): void {
  const expected = viewShape(view, stored);
  if (expected.join(',') !== part.shape.join(',')) {
    throw new FusionError('SHAPE_MISMATCH', `view '${view.name}' is [${part.shape}] but its place in [${stored}] is [${expected}]`, [view.source]);
  }
  // Undo the transpose: the un-transposed part has the sliced stored shape.
  const sliced = view.transposed ? [expected[1], expected[0]] : expected;
  const values = view.transposed ? transpose2d(part.data, expected[0], expected[1]) : part.data;
  const slice = sliceIn(view, stored);
  const axis = slice?.axis ?? 0;
  const start = slice?.start ?? 0;
  const outer = sliced.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = sliced.slice(axis + 1).reduce((a, b) => a * b, 1);
  const run = sliced[axis] * inner;
  const storedRun = stored[axis] * inner;
  for (let o = 0; o < outer; o++) into.set(values.subarray(o * run, (o + 1) * run), o * storedRun + start * inner);
}

function transpose2d(data: Float32Array, rows: number, columns: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) out[c * rows + r] = data[r * columns + c];
  return out;
}
