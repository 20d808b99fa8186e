import { type AlignmentGraph, GraphBuilder, type GraphNode, type NodeKind, registerNodeKind } from '@otfuse/core';

/** A readout scoring its input's features against a table another node owns (like a tied decoder). */
interface ReadoutNode extends GraphNode {
  kind: 'test-readout';
  input: string;
  bias: string;
  table: string;
}

/** A node kind no plugin has, declared as a user would, with a drawing of its own. */
export const READOUT_KIND: NodeKind<ReadoutNode> = {
  kind: 'test-readout',
  description: "scores features against another node's table",
  ownedParameters: (node) => [node.bias],
  mapInputs: (node) => [node.input],
  sharedParameters: (node) => [node.table],
  fixedOutput: () => true,
  checkShapes: () => undefined,
  permutation: () => ({ spaces: [], joins: [], axes: [], copies: [] }),
  drawing: { fill: '#fff1e5', stroke: '#bc4c00', what: 'readout', rounded: true },
};

/** `layers.0` → `layers.1` → `layers.1.readout`, which reads `layers.0.weight` as its table. */
export function readoutGraph(): AlignmentGraph {
  registerNodeKind(READOUT_KIND);
  const g = new GraphBuilder();
  const first = g.linear({ id: 'layers.0', weight: 'layers.0.weight', input: null });
  const second = g.linear({ id: 'layers.1', weight: 'layers.1.weight', input: first });
  g.node<ReadoutNode>({ kind: 'test-readout', id: 'layers.1.readout', input: second, bias: 'layers.1.readout.bias', table: 'layers.0.weight' });
  return g.build();
}
