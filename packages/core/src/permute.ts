import * as tf from '@tensorflow/tfjs';
import { checkModelAgainstGraph } from './graph/check-model';
import { AlignmentGraph, AttentionNode, GraphNode, MapRef } from './graph/nodes';
import { alignInputAxis, alignLastAxis, alignOutputAxis } from './engine/align-tensors';
import { TransportMap } from './engine/transport-map';
import { HostTensor, ModelWeights, shapeTable } from './weights';

/** A uniform random integer in [0, n), from a caller's generator of floats in [0, 1). */
export type RandomSource = () => number;

/**
 * The same function with its hidden neurons permuted, derived from the graph alone: maps joined
 * by a residual junction or passed through a norm share one permutation; attention keeps each
 * dimension in its head (heads may move, the same way for Q, K and V). Fusing a model with such
 * a copy must give the model back.
 */
export function permuteModel(graph: AlignmentGraph, weights: ModelWeights, random: RandomSource): Map<string, HostTensor> {
  const widths = checkModelAgainstGraph(graph, shapeTable(weights));
  const classes = new UnionFind();
  for (const node of graph.nodes) {
    if (node.kind === 'norm' && node.input) classes.union(node.id, node.input);
    if (node.kind === 'linear' && node.outputMap !== undefined) classes.union(node.id, node.outputMap);
    if (node.kind === 'residual') {
      for (const ref of [node.skip, node.branch]) if (ref) classes.union(node.id, ref);
    }
  }
  const permutations = new Map<string, TransportMap>();
  const mapOf = (id: MapRef): TransportMap | null => {
    if (id === null || !widths.has(id)) return null;
    const root = classes.find(id);
    if (!permutations.has(root)) permutations.set(root, permutationMap(shuffled(widths.get(id) as number, random)));
    return permutations.get(root) as TransportMap;
  };
  const out = new Map<string, HostTensor>();
  const put = (param: string, tensor: tf.Tensor) => {
    out.set(param, { shape: [...tensor.shape], data: tensor.dataSync() as Float32Array });
    tensor.dispose();
  };
  const projection = (weight: string, bias: string | undefined, input: TransportMap | null, output: TransportMap | null) => {
    tf.tidy(() => {
      let w = weights.tensor(weight);
      if (input) w = alignInputAxis(w, input, weight);
      put(weight, tf.keep(output ? alignOutputAxis(w, output, weight) : w));
      if (bias) {
        const b = weights.tensor(bias);
        put(bias, tf.keep(output ? alignOutputAxis(b, output, bias) : b));
      }
    });
  };
  for (const node of graph.nodes) permuteNode(node);
  return out;

  function permuteNode(node: GraphNode): void {
    switch (node.kind) {
      case 'linear':
        // A tied weight is permuted by its owner; the bias of a tied layer has fixed outputs.
        if (!node.tiedWeight) projection(node.weight, node.bias, mapOf(node.input), node.fixedOutput ? null : mapOf(node.id));
        else if (node.bias) put(node.bias, weights.tensor(node.bias));
        return;
      case 'norm': {
        const map = mapOf(node.input);
        for (const p of node.params) tf.tidy(() => put(p, tf.keep(map ? alignLastAxis(weights.tensor(p), map, p) : weights.tensor(p))));
        return;
      }
      case 'embedding': {
        const map = mapOf(node.featureSpace ?? node.id) as TransportMap;
        tf.tidy(() => put(node.param, tf.keep(alignLastAxis(weights.tensor(node.param), map, node.param))));
        return;
      }
      case 'attention':
        permuteAttention(node);
        return;
      case 'residual':
        return;
      case 'tie': {
        const source = out.get(node.sameAs) as HostTensor;
        out.set(node.param, { shape: [...source.shape], data: source.data.slice() });
        return;
      }
    }
  }

  function permuteAttention(node: AttentionNode): void {
    const input = mapOf(node.input);
    const [qWidth] = weights.shape(node.q.weight);
    const [vWidth] = weights.shape(node.v.weight);
    const heads = shuffled(node.heads, random);
    const qk = permutationMap(headRespecting(qWidth, heads, random));
    const v = permutationMap(headRespecting(vWidth, heads, random));
    projection(node.q.weight, node.q.bias, input, qk);
    projection(node.k.weight, node.k.bias, input, qk);
    projection(node.v.weight, node.v.bias, input, v);
    projection(node.o.weight, node.o.bias, v, node.fixedOutput ? null : mapOf(node.id));
  }
}

/** Position i of the result holds feature `order[i]`, as a transport map `T[order[i], i] = 1`. */
function permutationMap(order: Int32Array): TransportMap {
  const n = order.length;
  const data = new Float32Array(n * n);
  order.forEach((source, target) => (data[source * n + target] = 1));
  return { n0: n, n1: n, data };
}

function shuffled(n: number, random: RandomSource): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** Heads reordered by `heads`, dimensions shuffled within each head. */
function headRespecting(width: number, heads: Int32Array, random: RandomSource): Int32Array {
  const size = width / heads.length;
  const order = new Int32Array(width);
  heads.forEach((sourceHead, targetHead) => {
    const inner = shuffled(size, random);
    inner.forEach((d, i) => (order[targetHead * size + i] = sourceHead * size + d));
  });
  return order;
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
