/**
 * How a function-preserving permutation of hidden neurons acts on a model. Each node kind
 * declares its part once (`NodeKind.permutation`); the permuter, weight matching and the
 * conformance suite all read the resolved structure, so none of them names a node kind.
 */

/** An axis of a parameter that one feature space's permutation reorders. */
export interface PermutedAxis {
  param: string;
  /** Negative counts from the last axis. */
  axis: number;
  space: string;
}

/**
 * A feature space a node introduces: by default its own output (named by the node's id), or an
 * inner one (attention's query/key and value spaces, named `<id>:<what>`).
 */
export interface FeatureSpace {
  id: string;
  /**
   * The features are `count` contiguous, equal groups (attention heads): a permutation moves
   * whole groups and reorders features within each. Spaces naming the same `group` move their
   * heads the same way (queries, keys and values stay in the same head).
   */
  heads?: HeadStructure;
}

/**
 * How a space's features form heads, and how a permutation may move them. With `count` and
 * `group` alone (today's attention): whole heads move by the group's head order, and the features
 * inside each head are reordered freely, independently per head and per space.
 */
export interface HeadStructure {
  count: number;
  /** Spaces naming the same group move their heads by one head order. */
  group: string;
  /**
   * The order of the features inside a head: `'free'` (the default) reorders them, `'fixed'`
   * never does (rotary embeddings pair dimension j with j + d/2), and `{ follows: space }` takes,
   * for each head, the inner order of the corresponding head of another space: the head of the
   * same position when that space is in this group, the parent head when it is in the `parent`
   * group (grouped-query attention: each query head's slice of O's input reads its KV head's
   * values, so it follows V's inner order). The followed space's inner order must be free and its
   * heads as wide as these.
   */
  within?: 'free' | 'fixed' | { follows: string };
  /**
   * The group's heads come in blocks of `perParent` consecutive heads, one block per head of the
   * group `group` (grouped-query attention: query head h reads KV head ⌊h / perParent⌋). The head
   * order moves whole blocks by the parent's head order and may reorder heads inside each block,
   * never across. Every space of a group names the same parent; a parent has no parent itself,
   * and its count times `perParent` is this group's count.
   */
  parent?: { group: string; perParent: number };
}

/** One node's part. Spaces it reads but does not declare belong to earlier nodes. */
export interface PermutationDeclaration {
  spaces: FeatureSpace[];
  /** Pairs of spaces that are one space (a norm passes its input's features on; a residual junction joins skip and branch). */
  joins: [string, string][];
  axes: PermutedAxis[];
  /** Parameters whose value is another parameter's (a tie): permuted as that one is. */
  copies: { param: string; of: string }[];
}

/**
 * The declarations of a whole graph, resolved against one model's shapes: joined spaces are one
 * class, each with one permutation. Axes on a space no node declared (a fixed output, the raw
 * input) are never permuted and do not appear.
 */
export interface PermutationStructure {
  classes: PermutationClass[];
  /** Parameters that are copies of others, in graph order. */
  copies: { param: string; of: string }[];
  /** Parameters no permutation touches (kept as they are). */
  unpermuted: string[];
}

export interface PermutationClass {
  /** The joined spaces; the first names the class. */
  spaces: string[];
  width: number;
  /** As declared; `within.follows` names the followed space's class. */
  heads?: HeadStructure;
  /** Every parameter axis the class's permutation reorders. */
  axes: PermutedAxis[];
}

/**
 * A permutation of a class's features: position `i` of the permuted model holds feature
 * `order[i]` of the original.
 */
export type FeatureOrder = Int32Array;
