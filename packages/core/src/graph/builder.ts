import { FusionError } from '../errors';
import type { AttentionNode } from '../kinds/attention';
import type { EmbeddingNode } from '../kinds/embedding';
import type { LinearNode } from '../kinds/linear';
import type { NormNode } from '../kinds/norm';
import type { ResidualNode } from '../kinds/residual';
import type { TieNode } from '../kinds/tie';
import { nodeKindOf } from './node-kinds';
import type { AlignmentGraph, GraphNode, MapRef } from './nodes';
import type { ParameterView } from './parameter-views';

/** Fills a parameter-name template: `name('layers.{i}.weight', { i: 2 })` → `layers.2.weight`. */
export function name(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_match, key: string) => {
    if (!(key in vars)) throw new FusionError('GRAPH_INVALID', `template '${template}' needs a value for {${key}}`);
    return String(vars[key]);
  });
}

/** A built-in node's fields, without its kind (the builder method names it). */
type WithoutKind<T> = { [K in keyof T as K extends 'kind' ? never : string extends K ? never : K]: T[K] };

/**
 * Declares a graph node by node; each method returns the node's id, which is the map reference
 * later nodes consume. Nodes must be declared after the nodes whose maps they read, which makes
 * every graph acyclic by construction; `build()` checks it.
 */
export class GraphBuilder {
  private readonly nodes: GraphNode[] = [];
  private readonly views: ParameterView[] = [];

  linear(node: WithoutKind<LinearNode>): string {
    return this.add({ kind: 'linear', ...node });
  }

  norm(node: WithoutKind<NormNode>): string {
    return this.add({ kind: 'norm', ...node });
  }

  embedding(node: WithoutKind<EmbeddingNode>): string {
    return this.add({ kind: 'embedding', ...node });
  }

  attention(node: WithoutKind<AttentionNode>): string {
    return this.add({ kind: 'attention', ...node });
  }

  residual(node: WithoutKind<ResidualNode>): MapRef {
    return this.add({ kind: 'residual', ...node });
  }

  tie(node: WithoutKind<TieNode>): string {
    return this.add({ kind: 'tie', ...node });
  }

  /** A node of any registered kind (see `registerNodeKind`). */
  node<N extends GraphNode>(node: N): string {
    return this.add(node);
  }

  /** A parameter stored as part of another tensor or transposed; nodes name it by `view.name`, which this returns. */
  view(view: ParameterView): string {
    this.views.push(view);
    return view.name;
  }

  build(): AlignmentGraph {
    return validateGraph(this.views.length ? { nodes: [...this.nodes], views: [...this.views] } : { nodes: [...this.nodes] });
  }

  private add(node: GraphNode): string {
    this.nodes.push(node);
    return node.id;
  }
}

/**
 * Structural checks that need no model: every kind registered, unique ids, every map read from
 * an earlier node (so the graph is acyclic), every parameter owned once; then each kind's own
 * checks (ties pointing at owned parameters, …).
 */
export function validateGraph(graph: AlignmentGraph): AlignmentGraph {
  const declared = new Set<string>();
  const owner = new Map<string, string>();
  for (const node of graph.nodes) {
    if (!node.id) throw new FusionError('GRAPH_INVALID', `a ${node.kind} node has no id`);
    if (declared.has(node.id)) throw new FusionError('GRAPH_INVALID', `node id '${node.id}' is declared twice`);
    const kind = nodeKindOf(node);
    for (const ref of kind.mapInputs(node)) {
      if (!declared.has(ref)) {
        const later = graph.nodes.some((n) => n.id === ref);
        throw new FusionError(
          'GRAPH_INVALID',
          later
            ? `reads the map of '${ref}', which is declared after it (cycle or wrong order)`
            : `reads the map of unknown node '${ref}'`,
          [node.id],
        );
      }
    }
    for (const param of kind.ownedParameters(node)) {
      const previous = owner.get(param);
      if (previous !== undefined) {
        throw new FusionError('GRAPH_COVERAGE', `parameter '${param}' is owned by both '${previous}' and '${node.id}'`);
      }
      owner.set(param, node.id);
    }
    declared.add(node.id);
  }
  const facts = { ids: declared, owner };
  for (const node of graph.nodes) nodeKindOf(node).validate?.(node, facts);
  return graph;
}
