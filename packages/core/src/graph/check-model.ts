import { FusionError, inScope } from '../errors';
import type { ShapeTable } from './node-kind';
import { nodeKindOf } from './node-kinds';
import { AlignmentGraph, ownedParameters } from './nodes';
import { viewedShapes } from './parameter-views';

export type { ShapeTable };

/**
 * Checks a graph against one model's parameter shapes (stored tensors seen through the graph's
 * views): every parameter is owned by exactly one
 * node (a leftover tensor is an error, never silently copied), and the widths agree along every
 * edge. Returns the output width of each map-producing node.
 */
export function checkModelAgainstGraph(graph: AlignmentGraph, storedShapes: ShapeTable, modelLabel = 'model'): Map<string, number> {
  return inScope(modelLabel, () => {
    const shapes = viewedShapes(graph.views, storedShapes);
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
        const width = nodeKindOf(node).checkShapes(node, shapes, widths);
        if (width !== undefined) widths.set(node.id, width);
      });
    }
    return widths;
  });
}
