/**
 * The node kinds of an alignment graph. A node owns model parameters (full tensor names) and
 * produces a transport map for its output features; other nodes consume maps by node id.
 * `null` as an input means "no incoming map" (the model's raw input).
 */
export type MapRef = string | null;

export interface LinearNode {
  kind: 'linear';
  id: string;
  /** `[out, in]`, or a convolution `[out, in, ...kernel]` whose input map applies per kernel position. */
  weight: string;
  bias?: string;
  input: MapRef;
  /** Activation key of this layer's output (what the plugin's forward pass captures). */
  activation?: string;
  /** The output neurons are fixed (classifier): no output map; the bias is averaged as is. */
  fixedOutput?: boolean;
  /** Not fused: the anchor's parameters are kept as they are (e.g. a classifier with `fuse_gen: false`). */
  anchorOnly?: boolean;
  /**
   * Align the output neurons by this node's map instead of solving one: the layer must output in
   * that node's features (BERT's MLM transform feeds a decoder that is the word-embedding table).
   */
  outputMap?: string;
  /**
   * `weight` is another node's parameter, stored once and read here too (a decoder tied to an
   * embedding table): this node owns only its bias. Needs `fixedOutput`; its input must carry
   * the map that aligned the table's features (see `outputMap`).
   */
  tiedWeight?: boolean;
}

export interface NormNode {
  kind: 'norm';
  id: string;
  /** Per-feature vectors (LayerNorm γ/β, BatchNorm γ/β/mean/var); the feature axis is last. */
  params: string[];
  input: MapRef;
  /**
   * BatchNorm running statistics, two of `params`: the mean follows the map like every vector,
   * the variance becomes the variance of the mixture of neurons the map blends.
   */
  runningStatistics?: { mean: string; variance: string };
}

export interface EmbeddingNode {
  kind: 'embedding';
  id: string;
  /** A table whose last axis holds the features being aligned. */
  param: string;
  /** Describe features by this captured activation instead of the table's own values. */
  activation?: string;
  /** `false` when the map must not flow on (e.g. a CLS token aligned on its own). */
  propagate?: boolean;
  /**
   * The node whose output features this table's last axis lives in, when its own map does not
   * flow (a CLS token added to the residual stream). Alignment still solves the table's own map;
   * function-preserving permutations use the shared feature space.
   */
  featureSpace?: string;
}

export interface ProjectionSpec {
  weight: string;
  bias?: string;
  activation?: string;
}

export type QkFusion = 'separate' | 'eq_t_map' | 'joint';

export interface AttentionNode {
  kind: 'attention';
  id: string;
  input: MapRef;
  q: ProjectionSpec;
  k: ProjectionSpec;
  v: ProjectionSpec;
  o: ProjectionSpec;
  heads: number;
  /** Overrides the fusion option of the same name for this node. */
  qkFusion?: QkFusion;
  fixedOutput?: boolean;
}

export interface ResidualNode {
  kind: 'residual';
  id: string;
  skip: MapRef;
  branch: MapRef;
  /**
   * What weighs the skip path in weighted policies: anchor activations (several keys are summed,
   * e.g. the block input plus the attention output), or an anchor parameter's values.
   */
  skipActivation?: string | readonly string[] | { param: string };
  /** The anchor activation of the branch output, for weighted policies. */
  branchActivation?: string;
}

export interface TieNode {
  kind: 'tie';
  id: string;
  /** A parameter whose fused value is another parameter's fused value. */
  param: string;
  sameAs: string;
}

export type GraphNode = LinearNode | NormNode | EmbeddingNode | AttentionNode | ResidualNode | TieNode;
export type NodeKind = GraphNode['kind'];

export interface AlignmentGraph {
  readonly nodes: readonly GraphNode[];
}

/** Parameter names a node owns, in a stable order. */
export function ownedParameters(node: GraphNode): string[] {
  switch (node.kind) {
    case 'linear':
      if (node.tiedWeight) return node.bias ? [node.bias] : [];
      return node.bias ? [node.weight, node.bias] : [node.weight];
    case 'norm':
      return [...node.params];
    case 'embedding':
      return [node.param];
    case 'attention':
      return [node.q, node.k, node.v, node.o].flatMap((p) => (p.bias ? [p.weight, p.bias] : [p.weight]));
    case 'residual':
      return [];
    case 'tie':
      return [node.param];
  }
}

/** Node ids whose maps a node consumes. */
export function mapInputs(node: GraphNode): string[] {
  const refs: MapRef[] = [];
  switch (node.kind) {
    case 'linear':
      refs.push(node.input, node.outputMap ?? null);
      break;
    case 'norm':
    case 'attention':
      refs.push(node.input);
      break;
    case 'residual':
      refs.push(node.skip, node.branch);
      break;
    case 'embedding':
    case 'tie':
      break;
  }
  return refs.filter((r): r is string => r !== null);
}

/** Activation keys a node reads: for describing neurons, and for weighing residual maps. */
export function activationKeys(node: GraphNode): { alignment: string[]; residual: string[] } {
  const defined = (keys: (string | undefined)[]) => keys.filter((k): k is string => k !== undefined);
  switch (node.kind) {
    case 'linear':
    case 'embedding':
      return { alignment: defined([node.activation]), residual: [] };
    case 'attention':
      return { alignment: defined([node.q.activation, node.k.activation, node.v.activation, node.o.activation]), residual: [] };
    case 'residual': {
      const skip = node.skipActivation;
      const skipKeys = typeof skip === 'string' ? [skip] : Array.isArray(skip) ? [...(skip as readonly string[])] : [];
      return { alignment: [], residual: defined([...skipKeys, node.branchActivation]) };
    }
    case 'norm':
    case 'tie':
      return { alignment: [], residual: [] };
  }
}
