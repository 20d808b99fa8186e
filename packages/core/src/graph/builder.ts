import { FusionError } from '../errors';
import {
  AlignmentGraph,
  AttentionNode,
  EmbeddingNode,
  GraphNode,
  LinearNode,
  MapRef,
  NormNode,
  ResidualNode,
  TieNode,
  mapInputs,
  ownedParameters,
} from './nodes';

/** Fills a parameter-name template: `name('layers.{i}.weight', { i: 2 })` → `layers.2.weight`. */
export function name(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_match, key: string) => {
    if (!(key in vars)) throw new FusionError('GRAPH_INVALID', `template '${template}' needs a value for {${key}}`);
    return String(vars[key]);
  });
}

type WithoutKind<T> = Omit<T, 'kind'>;

/**
 * Declares a graph node by node; each method returns the node's id, which is the map reference
 * later nodes consume. Nodes must be declared after the nodes whose maps they read, which makes
 * every graph acyclic by construction; `build()` checks it.
 */
export class GraphBuilder {
  private readonly nodes: GraphNode[] = [];

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

  build(): AlignmentGraph {
    return validateGraph({ nodes: [...this.nodes] });
  }

  private add(node: GraphNode): string {
    this.nodes.push(node);
    return node.id;
  }
}

/**
 * Structural checks that need no model: unique ids, every map read from an earlier node (so
 * the graph is acyclic), every parameter owned once, ties pointing at owned parameters.
 */
export function validateGraph(graph: AlignmentGraph): AlignmentGraph {
  const declared = new Set<string>();
  const owner = new Map<string, string>();
  for (const node of graph.nodes) {
    if (!node.id) throw new FusionError('GRAPH_INVALID', `a ${node.kind} node has no id`);
    if (declared.has(node.id)) throw new FusionError('GRAPH_INVALID', `node id '${node.id}' is declared twice`);
    for (const ref of mapInputs(node)) {
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
    for (const param of ownedParameters(node)) {
      const previous = owner.get(param);
      if (previous !== undefined) {
        throw new FusionError('GRAPH_COVERAGE', `parameter '${param}' is owned by both '${previous}' and '${node.id}'`);
      }
      owner.set(param, node.id);
    }
    declared.add(node.id);
  }
  for (const node of graph.nodes) {
    if (node.kind === 'tie' && !owner.has(node.sameAs)) {
      throw new FusionError('GRAPH_INVALID', `ties to '${node.sameAs}', which no node owns`, [node.id]);
    }
    if (node.kind === 'linear') validateTiedLinear(node, owner);
    if (node.kind === 'norm') validateRunningStatistics(node);
    if (node.kind === 'embedding' && node.featureSpace !== undefined && !declared.has(node.featureSpace)) {
      throw new FusionError('GRAPH_INVALID', `shares the features of unknown node '${node.featureSpace}'`, [node.id]);
    }
  }
  return graph;
}

/** A tied weight belongs to another node and keeps its rows; an output map replaces a solved one, so the output is not fixed. */
function validateTiedLinear(node: LinearNode, owner: ReadonlyMap<string, string>): void {
  if (node.tiedWeight && !owner.has(node.weight)) {
    throw new FusionError('GRAPH_INVALID', `its weight is tied to '${node.weight}', which no node owns`, [node.id]);
  }
  if (node.tiedWeight && !node.fixedOutput) {
    throw new FusionError('GRAPH_INVALID', 'a tied weight keeps the rows of the table it is tied to: declare fixedOutput', [node.id]);
  }
  if (node.outputMap !== undefined && node.fixedOutput) {
    throw new FusionError('GRAPH_INVALID', `takes the output map of '${node.outputMap}', so its output cannot also be fixed`, [node.id]);
  }
}

/** Running statistics are two of the node's own vectors. */
function validateRunningStatistics(node: NormNode): void {
  for (const param of Object.values(node.runningStatistics ?? {})) {
    if (!node.params.includes(param)) throw new FusionError('GRAPH_INVALID', `running statistic '${param}' is not one of its params`, [node.id]);
  }
}
