import { FusionError, formatShape, inScope } from '../errors';
import { AlignmentGraph, GraphNode, ownedParameters } from './nodes';

export type ShapeTable = ReadonlyMap<string, readonly number[]>;

/**
 * Checks a graph against one model's parameter shapes: every parameter is owned by exactly one
 * node (a leftover tensor is an error, never silently copied), and the widths agree along every
 * edge. Returns the output width of each map-producing node.
 */
export function checkModelAgainstGraph(graph: AlignmentGraph, shapes: ShapeTable, modelLabel = 'model'): Map<string, number> {
  return inScope(modelLabel, () => {
    const owned = new Set(graph.nodes.flatMap(ownedParameters));
    const leftovers = [...shapes.keys()].filter((n) => !owned.has(n));
    if (leftovers.length) {
      throw new FusionError(
        'GRAPH_COVERAGE',
        `${leftovers.length} parameter(s) belong to no graph node: ${leftovers.slice(0, 5).join(', ')}${leftovers.length > 5 ? ', …' : ''}`,
      );
    }
    const widths = new Map<string, number>();
    for (const node of graph.nodes) {
      inScope(node.id, () => {
        const width = nodeWidth(node, shapes, widths);
        if (width !== undefined) widths.set(node.id, width);
      });
    }
    return widths;
  });
}

function shapeOf(shapes: ShapeTable, param: string): readonly number[] {
  const shape = shapes.get(param);
  if (!shape) throw new FusionError('GRAPH_COVERAGE', `the model has no parameter '${param}'`);
  return shape;
}

function expectDim(param: string, shape: readonly number[], axis: number, expected: number | undefined, what: string): void {
  if (expected === undefined) return;
  const actual = shape[axis < 0 ? shape.length + axis : axis];
  if (actual !== expected) {
    throw new FusionError(
      'SHAPE_MISMATCH',
      `${what} is ${expected} but ${formatShape(shape)} has ${actual} on axis ${axis}`,
      [param],
    );
  }
}

function inputWidth(ref: string | null, widths: Map<string, number>): number | undefined {
  return ref === null ? undefined : widths.get(ref);
}

function projectionWidth(
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

function nodeWidth(node: GraphNode, shapes: ShapeTable, widths: Map<string, number>): number | undefined {
  switch (node.kind) {
    case 'linear': {
      const width = projectionWidth(node, shapes, inputWidth(node.input, widths), `the incoming width (from '${node.input}')`);
      if (node.outputMap !== undefined) expectDim(node.weight, shapeOf(shapes, node.weight), 0, widths.get(node.outputMap), `the width of '${node.outputMap}', whose map aligns this output,`);
      return width;
    }
    case 'norm': {
      const width = inputWidth(node.input, widths);
      for (const param of node.params) expectDim(param, shapeOf(shapes, param), -1, width, `the incoming width (from '${node.input}')`);
      return width ?? shapeOf(shapes, node.params[0]).at(-1);
    }
    case 'embedding':
      return shapeOf(shapes, node.param).at(-1);
    case 'attention': {
      const incoming = inputWidth(node.input, widths);
      const label = `the incoming width (from '${node.input}')`;
      const q = projectionWidth(node.q, shapes, incoming, label);
      const k = projectionWidth(node.k, shapes, incoming, label);
      if (q !== k) throw new FusionError('SHAPE_MISMATCH', `query width ${q} differs from key width ${k}`, [node.k.weight]);
      const v = projectionWidth(node.v, shapes, incoming, label);
      if (q % node.heads !== 0) {
        throw new FusionError('SHAPE_MISMATCH', `width ${q} is not divisible by ${node.heads} heads`, [node.q.weight]);
      }
      return projectionWidth(node.o, shapes, v, 'the value width');
    }
    case 'residual': {
      const skip = inputWidth(node.skip, widths);
      const branch = inputWidth(node.branch, widths);
      if (skip !== undefined && branch !== undefined && skip !== branch) {
        throw new FusionError('SHAPE_MISMATCH', `skip width ${skip} ('${node.skip}') differs from branch width ${branch} ('${node.branch}')`);
      }
      return skip ?? branch;
    }
    case 'tie': {
      const own = shapeOf(shapes, node.param);
      const other = shapeOf(shapes, node.sameAs);
      if (formatShape(own) !== formatShape(other)) {
        throw new FusionError('SHAPE_MISMATCH', `tied to '${node.sameAs}' ${formatShape(other)} but is ${formatShape(own)}`, [node.param]);
      }
      return undefined;
    }
  }
}
