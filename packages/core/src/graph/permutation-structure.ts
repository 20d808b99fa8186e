import { FusionError, formatShape } from '../errors';
import type { FeatureSpace, HeadStructure, PermutationClass, PermutationStructure, PermutedAxis } from './feature-spaces';
import { checkHeadStructure, sameHeadStructure } from './head-structure';
import type { ShapeTable } from './node-kind';
import { nodeKindOf } from './node-kinds';
import type { AlignmentGraph } from './nodes';

/**
 * The graph's permutation declarations resolved against one model's shapes: spaces joined by a
 * norm or a residual junction become one class with one width, and every parameter axis lands
 * in its class. Axes on spaces no node declares (a fixed output, the raw input) are left out.
 * Heads are checked against each other (`checkHeadStructure`), and a followed space is named by
 * its class.
 */
export function resolvePermutations(graph: AlignmentGraph, shapes: ShapeTable): PermutationStructure {
  const spaces = new Map<string, FeatureSpace>();
  const joined = new UnionFind();
  const axes: PermutedAxis[] = [];
  const copies: PermutationStructure['copies'] = [];
  for (const node of graph.nodes) {
    const declared = nodeKindOf(node).permutation(node, shapes);
    for (const space of declared.spaces) spaces.set(space.id, space);
    for (const [a, b] of declared.joins) joined.union(a, b);
    axes.push(...declared.axes);
    copies.push(...declared.copies);
  }
  const classes = new Map<string, PermutationClass>();
  for (const space of spaces.values()) {
    const root = joined.find(space.id);
    const known = classes.get(root);
    if (!known) classes.set(root, { spaces: [space.id], width: 0, heads: space.heads, axes: [] });
    else {
      known.spaces.push(space.id);
      if (space.heads) known.heads = sameHeads(known, space);
    }
  }
  for (const axis of axes) classes.get(joined.find(axis.space))?.axes.push(axis);
  const resolved = [...classes.values()].filter((c) => c.axes.length > 0).map((c) => withWidth(c, shapes));
  for (const cls of resolved) {
    const heads = cls.heads;
    if (typeof heads?.within === 'object') cls.heads = { ...heads, within: { follows: classes.get(joined.find(heads.within.follows))?.spaces[0] ?? heads.within.follows } };
  }
  checkHeadStructure(resolved);
  const permuted = new Set([...resolved.flatMap((c) => c.axes.map((a) => a.param)), ...copies.map((c) => c.param)]);
  return { classes: resolved, copies, unpermuted: [...shapes.keys()].filter((param) => !permuted.has(param)) };
}

function sameHeads(known: PermutationClass, space: FeatureSpace): PermutationClass['heads'] {
  if (known.heads && !sameHeadStructure(known.heads, space.heads as HeadStructure)) {
    throw new FusionError('GRAPH_INVALID', `feature spaces '${known.spaces[0]}' and '${space.id}' are joined but group their heads differently`);
  }
  return space.heads;
}

/** The width every axis of the class agrees on. */
function withWidth(cls: PermutationClass, shapes: ShapeTable): PermutationClass {
  let width: number | undefined;
  let first = '';
  for (const { param, axis } of cls.axes) {
    const shape = shapes.get(param);
    if (!shape) throw new FusionError('GRAPH_COVERAGE', `the model has no parameter '${param}'`);
    const size = shape[axis < 0 ? shape.length + axis : axis];
    if (width === undefined) [width, first] = [size, param];
    else if (size !== width) {
      throw new FusionError('SHAPE_MISMATCH', `features '${cls.spaces[0]}' are ${width} wide ('${first}') but ${formatShape(shape)} has ${size} on axis ${axis}`, [param]);
    }
  }
  const checked = { ...cls, width: width as number };
  if (checked.heads && checked.width % checked.heads.count !== 0) {
    throw new FusionError('SHAPE_MISMATCH', `features '${cls.spaces[0]}' are ${checked.width} wide, not divisible by ${checked.heads.count} heads`);
  }
  return checked;
}

class UnionFind {
  private readonly parent = new Map<string, string>();

  find(x: string): string {
    let root = x;
    while (this.parent.has(root) && this.parent.get(root) !== root) root = this.parent.get(root) as string;
    this.parent.set(x, root);
    return root;
  }

  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra, rb);
  }
}
