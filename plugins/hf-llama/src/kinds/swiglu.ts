import * as tf from '@tensorflow/tfjs';
import {
  AlignContext,
  Aligned,
  FusionError,
  GraphNode,
  MapRef,
  NeuronDescriptions,
  NodeKind,
  alignOutputs,
  alignProjection,
  definedRefs,
  expectDim,
  inputWidth,
  keepOutputs,
  loadInputAligned,
  projectionAxes,
  shapeOf,
} from '@otfuse/core';

/** A projection's stored names: `weight [out, in]` and an optional bias. */
export interface ProjectionNames {
  weight: string;
  bias?: string;
}

/**
 * Llama's MLP `down · (silu(gate·x) ⊙ up·x)`. Gate and up share one hidden map (a hidden neuron
 * is its gate row and its up row together); down's input follows it, and down's output is
 * aligned as a linear layer's: its own map, solved from `activation` (or its weight rows), which
 * the residual junction after it combines with the stream's.
 */
export interface SwigluNode extends GraphNode {
  kind: 'swiglu-mlp';
  id: string;
  input: MapRef;
  gate: ProjectionNames;
  up: ProjectionNames;
  down: ProjectionNames;
  /** Activation key of the hidden neurons (down's input, `silu(gate·x) ⊙ up·x`). */
  hiddenActivation?: string;
  /** Activation key of down's output. */
  activation?: string;
  /** Down's outputs are fixed: no map flows on. */
  fixedOutput?: boolean;
}

const hiddenSpace = (node: SwigluNode) => `${node.id}:hidden`;
const ownedOf = (p: ProjectionNames) => (p.bias ? [p.weight, p.bias] : [p.weight]);

/** Gate and up rows side by side (their biases as one more column each): one row per hidden neuron. */
function hiddenRows(gate: tf.Tensor, up: tf.Tensor, gateBias?: tf.Tensor, upBias?: tf.Tensor): NeuronDescriptions {
  return tf.tidy(() => {
    const parts = [gate, up, ...[gateBias, upBias].filter((b): b is tf.Tensor => b !== undefined).map((b) => b.reshape([-1, 1]))];
    const joined = tf.concat(parts, 1);
    return { count: joined.shape[0], dim: joined.shape[1] as number, data: joined.dataSync() as Float32Array };
  });
}

function describeHidden(node: SwigluNode, ctx: AlignContext, gate: tf.Tensor, up: tf.Tensor, gateBias?: tf.Tensor, upBias?: tf.Tensor): [NeuronDescriptions, NeuronDescriptions] {
  if (ctx.options.mode === 'acts') {
    if (!node.hiddenActivation) throw new FusionError('MISSING_ACTIVATION', 'activation mode needs the hidden activation key, and the graph gives none', [node.id]);
    return ctx.describeByActivations(node.hiddenActivation, `${node.id} › hidden`);
  }
  const anchor = [node.gate.weight, node.up.weight, node.gate.bias, node.up.bias].map((name) => (name ? ctx.anchor.tensor(name) : undefined));
  try {
    return [hiddenRows(gate, up, gateBias, upBias), hiddenRows(anchor[0] as tf.Tensor, anchor[1] as tf.Tensor, anchor[2], anchor[3])];
  } finally {
    tf.dispose(anchor.filter((t): t is tf.Tensor => t !== undefined));
  }
}

function alignSwiglu(node: SwigluNode, ctx: AlignContext): Aligned {
  const inputMap = ctx.inputMap(node.input);
  const gate = loadInputAligned(ctx, node.gate.weight, node.gate.bias, inputMap);
  const up = loadInputAligned(ctx, node.up.weight, node.up.bias, inputMap);
  let hidden;
  try {
    const [d0, d1] = describeHidden(node, ctx, gate.weight, up.weight, gate.bias, up.bias);
    const widening = inputMap !== null && (d0.count > inputMap.n0 || d1.count > inputMap.n1);
    hidden = ctx.solveMap(d0, d1, { label: `${node.id} › hidden`, widening });
  } catch (error) {
    tf.dispose([gate.weight, gate.bias, up.weight, up.bias].filter((t): t is tf.Tensor => t !== undefined));
    throw error;
  }
  ctx.recordMap(`${node.id} › hidden`, hidden);
  const params = new Map([...alignOutputs(gate, hidden.map), ...alignOutputs(up, hidden.map)]);
  if (node.fixedOutput) {
    keepOutputs(loadInputAligned(ctx, node.down.weight, node.down.bias, hidden.map)).forEach((t, n) => params.set(n, t));
    return { params, map: null };
  }
  const down = alignProjection(ctx, { ...node.down, activation: node.activation }, hidden.map, `${node.id} › down`);
  down.params.forEach((t, n) => params.set(n, t));
  return { params, map: down.map };
}

/** The SwiGLU MLP kind: gate and up share the hidden map, down emits its own output map like a linear layer. */
export const SWIGLU_MLP: NodeKind<SwigluNode> = {
  kind: 'swiglu-mlp',
  description: "Llama's SwiGLU MLP: gate and up share one hidden map, down's input follows it and its output gets its own map",
  ownedParameters: (node) => [...ownedOf(node.gate), ...ownedOf(node.up), ...ownedOf(node.down)],
  mapInputs: (node) => definedRefs(node.input),
  activationKeys: (node) => ({ alignment: definedRefs(node.hiddenActivation, node.activation), residual: [] }),
  fixedOutput: (node) => node.fixedOutput === true,
  checkShapes(node, shapes, widths) {
    const incoming = inputWidth(node.input, widths);
    const gate = shapeOf(shapes, node.gate.weight);
    expectDim(node.gate.weight, gate, 1, incoming, `the incoming width (from '${node.input}')`);
    expectDim(node.up.weight, shapeOf(shapes, node.up.weight), 1, incoming, `the incoming width (from '${node.input}')`);
    expectDim(node.up.weight, shapeOf(shapes, node.up.weight), 0, gate[0], 'the gate width');
    expectDim(node.down.weight, shapeOf(shapes, node.down.weight), 1, gate[0], 'the gate width');
    for (const p of [node.gate, node.up]) if (p.bias) expectDim(p.bias, shapeOf(shapes, p.bias), 0, gate[0], 'the gate width');
    const out = shapeOf(shapes, node.down.weight)[0];
    if (node.down.bias) expectDim(node.down.bias, shapeOf(shapes, node.down.bias), 0, out, "down's output width");
    return out;
  },
  align: alignSwiglu,
  permutation: (node) => ({
    spaces: [{ id: hiddenSpace(node) }, ...(node.fixedOutput ? [] : [{ id: node.id }])],
    joins: [],
    axes: [
      ...projectionAxes(node.gate, node.input, hiddenSpace(node)),
      ...projectionAxes(node.up, node.input, hiddenSpace(node)),
      ...projectionAxes(node.down, hiddenSpace(node), node.fixedOutput ? null : node.id),
    ],
    copies: [],
  }),
  drawing: { fill: '#eef6ff', stroke: '#1f6feb', what: 'SwiGLU MLP' },
};
