import { AlignmentGraph, GraphNode, type NodeDrawing, mapInputs, nodeKindOf, ownedParameters } from '@otfuse/core';

/** The transport-map flow graph as report.json keeps it: enough to draw it again. */
export interface FlowGraph {
  nodes: FlowNode[];
  /** A map flowing from one node into another (`tie`: a parameter that is another's fused value). */
  edges: { from: string; to: string; kind: 'map' | 'tie' }[];
  /** The block drawn node by node; the others are drawn as one box each. */
  expandedBlock: string | null;
  /** How residual junctions combine their two maps. */
  residualPolicy: string;
}

export interface FlowNode {
  id: string;
  /** The node's registered kind, or `block` for a collapsed block. */
  kind: string;
  /** The block the node belongs to (its id up to the first numbered segment), if any. */
  block: string | null;
  /** For a collapsed block: how many nodes it stands for. */
  size?: number;
  /** The output is fixed (a classifier): no map flows on. */
  fixed?: boolean;
  /** A junction: it combines several maps into one by the residual policy. */
  junction?: boolean;
  /** How its kind draws it, kept here so that report.json is drawn again without the kind registered; none for a block. */
  style?: NodeDrawing;
}

/** `vit.encoder.layer.3.attention` → `vit.encoder.layer.3`; ids without a number have no block. */
export function blockOf(id: string): string | null {
  const match = /^(.*?\.\d+)(\.|$| ›)/.exec(id);
  return match ? match[1] : null;
}

/** A node that reads several maps and owns nothing: it only combines them (a residual junction). */
function isJunction(node: GraphNode): boolean {
  return mapInputs(node).length > 1 && ownedParameters(node).length === 0;
}

/** A node as drawn: its kind's style and what its kind says of it. */
function flowNodeOf(node: GraphNode): FlowNode {
  const kind = nodeKindOf(node);
  return {
    id: node.id,
    kind: node.kind,
    block: blockOf(node.id),
    ...(kind.fixedOutput?.(node) ? { fixed: true } : {}),
    ...(isJunction(node) ? { junction: true } : {}),
    style: { ...kind.drawing },
  };
}

/**
 * The plugin's graph with one block expanded (the first where maps meet at a junction, else the
 * first of several nodes) and every other block collapsed into one box: the same drawing for
 * ViT, BERT, MLPs and convnets, derived from the graph and its kinds' declarations alone.
 */
export function flowGraphOf(graph: AlignmentGraph, residualPolicy: string): FlowGraph {
  const members = new Map<string, GraphNode[]>();
  for (const node of graph.nodes) {
    const block = blockOf(node.id);
    if (block !== null) members.set(block, [...(members.get(block) ?? []), node]);
  }
  const blocks = [...members.entries()].filter(([, nodes]) => nodes.length > 1);
  const expanded = blocks.find(([, nodes]) => nodes.some(isJunction))?.[0] ?? blocks[0]?.[0] ?? null;
  const collapsed = new Set(blocks.map(([block]) => block).filter((block) => block !== expanded));
  const shown = (id: string) => {
    const block = blockOf(id);
    return block !== null && collapsed.has(block) ? block : id;
  };
  const nodes: FlowNode[] = [];
  const seen = new Set<string>();
  for (const node of graph.nodes) {
    const id = shown(node.id);
    if (seen.has(id)) continue;
    seen.add(id);
    nodes.push(id !== node.id ? { id, kind: 'block', block: id, size: members.get(id)?.length } : flowNodeOf(node));
  }
  const owner = new Map<string, string>();
  for (const node of graph.nodes) for (const param of ownedParameters(node)) owner.set(param, node.id);
  const edges: FlowGraph['edges'] = [];
  const keys = new Set<string>();
  const add = (from: string, to: string, kind: 'map' | 'tie') => {
    const [a, b] = [shown(from), shown(to)];
    const key = `${a}\u0000${b}\u0000${kind}`;
    if (a === b || keys.has(key)) return;
    keys.add(key);
    edges.push({ from: a, to: b, kind });
  };
  for (const node of graph.nodes) {
    for (const input of mapInputs(node)) add(input, node.id, 'map');
    // A parameter another node owns (a tie, a tied weight): an edge from the node that fuses it.
    for (const shared of nodeKindOf(node).sharedParameters?.(node) ?? []) {
      const from = owner.get(shared);
      if (from !== undefined) add(from, node.id, 'tie');
    }
  }
  return { nodes, edges, expandedBlock: expanded, residualPolicy };
}
