import { FusionError } from '../errors';
import { BUILTIN_NODE_KINDS } from '../kinds';
import type { NodeKind } from './node-kind';
import type { GraphNode } from './nodes';

const registered = new Map<string, NodeKind>(BUILTIN_NODE_KINDS.map((kind) => [kind.kind, kind]));

/**
 * Makes a node kind known to every graph built after it. Registering the same kind object again
 * is harmless; a different kind under a taken name is an error, so two plugins cannot silently
 * redefine each other's nodes.
 */
export function registerNodeKind<N extends GraphNode>(kind: NodeKind<N>): void {
  const previous = registered.get(kind.kind);
  if (previous && previous !== (kind as unknown as NodeKind)) {
    throw new FusionError('GRAPH_INVALID', `node kind '${kind.kind}' is registered already`);
  }
  registered.set(kind.kind, kind as unknown as NodeKind);
}

/** The kind of a node, or an error naming the node and the kinds there are. */
export function nodeKindOf(node: GraphNode): NodeKind {
  const kind = registered.get(node.kind);
  if (!kind) {
    throw new FusionError('GRAPH_INVALID', `unknown node kind '${node.kind}' (registered: ${[...registered.keys()].join(', ')})`, [node.id]);
  }
  return kind;
}

/** Every registered kind, built-in ones first. */
export function registeredNodeKinds(): NodeKind[] {
  return [...registered.values()];
}
