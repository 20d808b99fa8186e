import type { AlignContext, Aligned } from '../engine/handlers/context';
import type { HostTensor } from '../weights';
import type { PermutationDeclaration } from './feature-spaces';
import type { GraphNode } from './nodes';

/** Parameter shapes of one model, by full name. */
export type ShapeTable = ReadonlyMap<string, readonly number[]>;

/** What a kind's structural check may consult: the whole graph's ids and parameter owners. */
export interface GraphFacts {
  /** Every node id of the graph. */
  readonly ids: ReadonlySet<string>;
  /** The node owning each parameter. */
  readonly owner: ReadonlyMap<string, string>;
}

/** Activation keys a node reads: to describe neurons, and to weigh residual maps. */
export interface ActivationNeeds {
  alignment: string[];
  residual: string[];
}

/** How the flow graph in reports draws a node of this kind. */
export interface NodeDrawing {
  fill: string;
  stroke: string;
  /** What the box says the node is ("linear layer"). */
  what: string;
  /** Rounded corners: nodes that pass maps on rather than make them. */
  rounded?: boolean;
}

/**
 * Everything the engine knows about one node kind. The builder, planner, executor, permuter,
 * shape checker and flow-graph drawing look a node's kind up and call it, so a new kind is one
 * file registered with `registerNodeKind`, and no engine file names a kind.
 */
export interface NodeKind<N extends GraphNode = GraphNode> {
  readonly kind: N['kind'];
  /** One line for listings and docs. */
  readonly description: string;
  /** Parameter names the node owns, in a stable order. */
  ownedParameters(node: N): string[];
  /** Node ids whose maps the node consumes. */
  mapInputs(node: N): string[];
  /** Activation keys the node reads. Default: none. */
  activationKeys?(node: N): ActivationNeeds;
  /** Parameters other nodes own that this node reads as its own (a tied weight): drawn as tie edges. */
  sharedParameters?(node: N): string[];
  /** The node's output is fixed (a classifier): no map flows on. Default: false. */
  fixedOutput?(node: N): boolean;
  /** Structural checks that need no model, run once the whole graph is declared. */
  validate?(node: N, graph: GraphFacts): void;
  /**
   * Checks the node against one model's parameter shapes, given the output widths of the nodes
   * before it; returns its own output width when it emits features others read.
   */
  checkShapes(node: N, shapes: ShapeTable, widths: ReadonlyMap<string, number>): number | undefined;
  /** Aligns one model's parameters to the anchor and returns its output map. */
  align?(node: N, ctx: AlignContext): Aligned;
  /**
   * Instead of aligning: the node's fused parameters follow from parameters fused before it (a
   * tie copies its source). A kind has `align` or `derive`.
   */
  derive?(node: N, fused: ReadonlyMap<string, HostTensor>): Map<string, HostTensor>;
  /** How a function-preserving permutation of hidden neurons acts on the node. */
  permutation(node: N, shapes: ShapeTable): PermutationDeclaration;
  readonly drawing: NodeDrawing;
}
