import { FusionError } from '../errors';
import { GraphBuilder } from './builder';
import type { NodeKind } from './node-kind';
import { nodeKindOf, registerNodeKind, registeredNodeKinds } from './node-kinds';
import type { GraphNode } from './nodes';
import { validateGraph } from './builder';

interface ScaleNode extends GraphNode {
  kind: 'test-scale';
  id: string;
  param: string;
  input: string;
}

const SCALE: NodeKind<ScaleNode> = {
  kind: 'test-scale',
  description: 'a per-feature scale',
  ownedParameters: (node) => [node.param],
  mapInputs: (node) => [node.input],
  validate(node, graph) {
    if (node.param === graph.owner.get(node.param) + '!') throw new Error('unreachable');
  },
  checkShapes: () => undefined,
  permutation: (node) => ({ spaces: [], joins: [[node.id, node.input]], axes: [{ param: node.param, axis: 0, space: node.input }], copies: [] }),
  drawing: { fill: '#fff', stroke: '#000', what: 'scale' },
};

describe('node kinds', () => {
  it('knows the built-in kinds', () => {
    expect(registeredNodeKinds().map((k) => k.kind)).toEqual(expect.arrayContaining(['linear', 'norm', 'embedding', 'attention', 'residual', 'tie']));
  });

  it('refuses a node of an unknown kind, naming it and the kinds there are', () => {
    const graph = { nodes: [{ kind: 'gated-mlp', id: 'block.0.mlp' }] };
    expect(() => validateGraph(graph)).toThrow(FusionError);
    expect(() => validateGraph(graph)).toThrow(/^block\.0\.mlp: unknown node kind 'gated-mlp' \(registered: linear, norm, embedding, attention, residual, tie/);
  });

  it('accepts a registered kind in graphs built after it, once under its name', () => {
    registerNodeKind(SCALE);
    registerNodeKind(SCALE);
    const g = new GraphBuilder();
    const fc = g.linear({ id: 'fc', weight: 'fc.weight', input: null });
    g.node<ScaleNode>({ kind: 'test-scale', id: 'scale', param: 'scale.gamma', input: fc });
    const graph = g.build();
    expect(nodeKindOf(graph.nodes[1])).toBe(SCALE);
    expect(() => registerNodeKind({ ...SCALE })).toThrow("node kind 'test-scale' is registered already");
    expect(() => registerNodeKind({ ...SCALE, kind: 'linear' } as unknown as NodeKind<ScaleNode>)).toThrow("node kind 'linear' is registered already");
  });
});
