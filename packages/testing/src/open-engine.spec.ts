import 'reflect-metadata';
import * as tf from '@tensorflow/tfjs';
import {
  ALIGNMENT_METHOD,
  AlignmentMethod,
  ArchitecturePlugin,
  FeatureOrder,
  GraphBuilder,
  GraphNode,
  HostTensor,
  InMemoryWeights,
  MapRef,
  ModelWeights,
  NodeKind,
  alignOutputs,
  applyFeatureOrders,
  averagingWeights,
  expectDim,
  fuseByMethod,
  inputWidth,
  keepOutputs,
  loadInputAligned,
  permuteModel,
  register as registerMethods,
  registerNodeKind,
  resolvePermutations,
  shapeOf,
  shapeTable,
  vanillaFusion,
} from '@otfuse/core';
import { addExtensions } from '@otfuse/extension';
import { register as registerOt } from '@otfuse/ot';
import { container as rootContainer } from 'tsyringe';
import { seededFloats } from './random';
import { useTestBackend } from './test-backend';

// The engine is open: a kind of node and a way of aligning, both defined here, outside core,
// fuse a small model with nothing in core knowing either.

beforeAll(useTestBackend);

/** A gated MLP (Llama's): `down · (silu(gate·x) ⊙ up·x)`; gate and up share one hidden map. */
interface GatedMlpNode extends GraphNode {
  kind: 'test-gated-mlp';
  id: string;
  input: MapRef;
  gate: string;
  up: string;
  down: string;
}

const hiddenSpace = (node: GatedMlpNode) => `${node.id}:hidden`;

const GATED_MLP: NodeKind<GatedMlpNode> = {
  kind: 'test-gated-mlp',
  description: 'a gated MLP whose gate and up projections share one hidden map; its output is fixed',
  ownedParameters: (node) => [node.gate, node.up, node.down],
  mapInputs: (node) => (node.input === null ? [] : [node.input]),
  fixedOutput: () => true,
  checkShapes(node, shapes, widths) {
    const gate = shapeOf(shapes, node.gate);
    expectDim(node.gate, gate, 1, inputWidth(node.input, widths), 'the incoming width');
    expectDim(node.up, shapeOf(shapes, node.up), 0, gate[0], 'the gate width');
    expectDim(node.down, shapeOf(shapes, node.down), 1, gate[0], 'the gate width');
    return shapeOf(shapes, node.down)[0];
  },
  align(node, ctx) {
    const inputMap = ctx.inputMap(node.input);
    const gate = loadInputAligned(ctx, node.gate, undefined, inputMap);
    const up = loadInputAligned(ctx, node.up, undefined, inputMap);
    // A hidden neuron is its gate row and its up row together.
    const rows = (a: tf.Tensor, b: tf.Tensor) => {
      const joined = tf.concat([a, b], 1);
      const data = joined.dataSync() as Float32Array;
      const description = { count: joined.shape[0], dim: joined.shape[1] as number, data };
      joined.dispose();
      return description;
    };
    const [anchorGate, anchorUp] = [ctx.anchor.tensor(node.gate), ctx.anchor.tensor(node.up)];
    const solved = ctx.solveMap(rows(gate.weight, up.weight), rows(anchorGate, anchorUp), { label: node.id, widening: false });
    tf.dispose([anchorGate, anchorUp]);
    ctx.recordMap(node.id, solved);
    const params = new Map([...alignOutputs(gate, solved.map), ...alignOutputs(up, solved.map)]);
    for (const [name, tensor] of keepOutputs(loadInputAligned(ctx, node.down, undefined, solved.map))) params.set(name, tensor);
    return { params, map: null };
  },
  permutation: (node) => ({
    spaces: [{ id: hiddenSpace(node) }],
    joins: [],
    axes: [
      ...(node.input === null ? [] : [node.gate, node.up].map((param) => ({ param, axis: 1, space: node.input as string }))),
      { param: node.gate, axis: 0, space: hiddenSpace(node) },
      { param: node.up, axis: 0, space: hiddenSpace(node) },
      { param: node.down, axis: 1, space: hiddenSpace(node) },
    ],
    copies: [],
  }),
  drawing: { fill: '#eef', stroke: '#335', what: 'gated MLP' },
};

/**
 * A crude alignment: every model's neurons sorted by the size of their weights (features of
 * one class ordered by Σ of squared entries over the class's axes), then averaged. Copies of one
 * model sort the same way, so a permuted copy is recovered up to that canonical order.
 */
const NORM_SORT: AlignmentMethod = {
  id: 'test_norm_sort',
  label: 'norm sort',
  folder: 'norm-sorted',
  description: 'orders every class of neurons by weight norm, then averages',
  parameters: [],
  heterogeneous: false,
  needsSamples: () => false,
  fuse(args) {
    const { graph, options } = args.setup;
    const sorted = args.models.map(({ weights }) => {
      const structure = resolvePermutations(graph, shapeTable(weights));
      return new InMemoryWeights(applyFeatureOrders(structure, weights, sortedByNorm(structure.classes, weights)));
    });
    return { weights: vanillaFusion(sorted, averagingWeights(options, sorted.length)), options, seconds: { activations: 0, fusion: 0 } };
  },
};

function sortedByNorm(classes: ReturnType<typeof resolvePermutations>['classes'], weights: ModelWeights): Map<string, FeatureOrder> {
  const orders = new Map<string, FeatureOrder>();
  for (const cls of classes) {
    const size = new Float64Array(cls.width);
    for (const { param, axis } of cls.axes) {
      const t = weights.tensor(param);
      const moved = tf.tidy(() => {
        const first = axis < 0 ? t.rank + axis : axis;
        const perm = [first, ...t.shape.map((_, i) => i).filter((i) => i !== first)];
        return tf.sum(tf.square(tf.transpose(t, perm).reshape([cls.width, -1])), 1).dataSync();
      });
      t.dispose();
      moved.forEach((v, i) => (size[i] += v));
    }
    orders.set(cls.spaces[0], Int32Array.from({ length: cls.width }, (_, i) => i).sort((a, b) => size[b] - size[a] || a - b));
  }
  return orders;
}

function gatedGraph() {
  const g = new GraphBuilder();
  const fc = g.linear({ id: 'fc', weight: 'fc.weight', bias: 'fc.bias', input: null });
  g.node<GatedMlpNode>({ kind: 'test-gated-mlp', id: 'mlp', input: fc, gate: 'mlp.gate', up: 'mlp.up', down: 'mlp.down' });
  return g.build();
}

function gatedWeights(seed: number): InMemoryWeights {
  const random = seededFloats(seed);
  const tensor = (shape: number[]): HostTensor => ({ shape, data: Float32Array.from({ length: shape[0] * (shape[1] ?? 1) }, () => random() * 2 - 1) });
  return new InMemoryWeights({ 'fc.weight': tensor([6, 4]), 'fc.bias': tensor([6]), 'mlp.gate': tensor([10, 6]), 'mlp.up': tensor([10, 6]), 'mlp.down': tensor([3, 10]) });
}

function forward(weights: ModelWeights, x: tf.Tensor2D): Float32Array {
  return tf.tidy(() => {
    const h = tf.relu(tf.add(tf.matMul(x, weights.tensor('fc.weight'), false, true), weights.tensor('fc.bias')));
    const gated = tf.mul(tf.mul(tf.sigmoid(tf.matMul(h, weights.tensor('mlp.gate'), false, true)), tf.matMul(h, weights.tensor('mlp.gate'), false, true)), tf.matMul(h, weights.tensor('mlp.up'), false, true));
    return tf.matMul(gated, weights.tensor('mlp.down'), false, true).dataSync() as Float32Array;
  });
}

/** An architecture with nothing but its graph: these fusions need no forward pass. */
const GATED_ARCHITECTURE = { id: 'test-gated', parameters: [], graph: () => gatedGraph() } as unknown as ArchitecturePlugin<null>;

const record = (tensors: Map<string, HostTensor>) => Object.fromEntries([...tensors].map(([name, t]) => [name, Array.from(t.data)]));
const recordOf = (weights: InMemoryWeights) => record(new Map(weights.names().map((name) => [name, weights.host(name)])));

describe('the engine, opened from outside core', () => {
  registerNodeKind(GATED_MLP);
  const container = rootContainer.createChildContainer();
  registerOt(container);
  registerMethods(container);
  addExtensions(container, ALIGNMENT_METHOD, [NORM_SORT]);
  const anchor = gatedWeights(1);
  const permuted = new InMemoryWeights(permuteModel(gatedGraph(), anchor, seededFloats(9)));
  const models = [permuted, anchor].map((weights) => ({ config: null, weights }));
  const x = () => tf.tensor2d(Array.from({ length: 5 * 4 }, (_, i) => Math.sin(i)), [5, 4]);

  it('permutes a model through the new kind without changing its function', () => {
    expect(recordOf(permuted)['mlp.gate']).not.toEqual(recordOf(anchor)['mlp.gate']);
    const input = x();
    Array.from(forward(permuted, input)).forEach((v, i) => expect(v).toBeCloseTo(forward(anchor, input)[i], 5));
    input.dispose();
  });

  it.each(['ot', 'weight_matching'])('gives the anchor back exactly from a permuted copy with built-in %s', (method) => {
    const fused = fuseByMethod({ container, architecture: GATED_ARCHITECTURE, models, method, options: { mode: 'wts', solver: 'emd' } });
    expect(record(fused.weights)).toEqual(recordOf(anchor));
  });

  it('fuses with a method registered outside core: the anchor in its canonical order, the same function', () => {
    const fused = new InMemoryWeights(fuseByMethod({ container, architecture: GATED_ARCHITECTURE, models, method: 'test_norm_sort' }).weights);
    const structure = resolvePermutations(gatedGraph(), shapeTable(anchor));
    const canonical = new InMemoryWeights(applyFeatureOrders(structure, anchor, sortedByNorm(structure.classes, anchor)));
    expect(recordOf(fused)).toEqual(recordOf(canonical));
    expect(recordOf(fused)).not.toEqual(recordOf(anchor));
    const input = x();
    Array.from(forward(fused, input)).forEach((v, i) => expect(v).toBeCloseTo(forward(anchor, input)[i], 5));
    input.dispose();
  });

  it('names an alignment method that is not registered', () => {
    expect(() => fuseByMethod({ container, architecture: GATED_ARCHITECTURE, models, method: 'rebasin' })).toThrow(/rebasin/);
  });
});
