import * as tf from '@tensorflow/tfjs';
import { GraphBuilder, InMemoryWeights, RecordedMap, checkModelAgainstGraph, fuseModels, permuteModel, resolvePermutations, shapeTable } from '@otfuse/core';
import { seededFloats } from '@otfuse/testing';
import { DependencyContainer } from 'tsyringe';
import { fusionContainer } from '../__tests__/fusion-container';
import { tinyInputs, tinyLlama } from '../__tests__/tiny';
import { LlamaArchitecture } from '../architecture';
import { registerLlamaKinds } from '.';
import { SwigluNode } from './swiglu';

const architecture = new LlamaArchitecture();

/** embedding → SwiGLU, alone (with fixed outputs: its function can be compared as it is). */
function mlpGraph(fixedOutput = false) {
  registerLlamaKinds();
  const g = new GraphBuilder();
  const table = g.embedding({ id: 'embed', param: 'embed.weight' });
  g.node<SwigluNode>({ kind: 'swiglu-mlp', id: 'mlp', input: table, gate: { weight: 'gate.weight', bias: 'gate.bias' }, up: { weight: 'up.weight' }, down: { weight: 'down.weight' }, fixedOutput });
  return g.build();
}

function mlpWeights(hidden: number, seed: number): InMemoryWeights {
  const random = seededFloats(seed);
  const t = (shape: number[]) => ({ shape, data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random() * 2 - 1) });
  return new InMemoryWeights({ 'embed.weight': t([5, 6]), 'gate.weight': t([hidden, 6]), 'gate.bias': t([hidden]), 'up.weight': t([hidden, 6]), 'down.weight': t([6, hidden]) });
}

/** `down · (silu(gate·e + b) ⊙ up·e)` for every row e of the table. */
function mlp(weights: InMemoryWeights): Float32Array {
  return tf.tidy(() => {
    const e = weights.tensor('embed.weight');
    const gate = tf.add(tf.matMul(e, weights.tensor('gate.weight'), false, true), weights.tensor('gate.bias'));
    const hidden = tf.mul(tf.mul(gate, tf.sigmoid(gate)), tf.matMul(e, weights.tensor('up.weight'), false, true));
    return tf.matMul(hidden, weights.tensor('down.weight'), false, true).dataSync() as Float32Array;
  });
}

describe('the SwiGLU MLP kind', () => {
  let container: DependencyContainer;
  beforeAll(async () => {
    container = await fusionContainer();
  });

  it('declares one hidden space for gate and up rows and down columns, and down rows in its own output space', () => {
    const structure = resolvePermutations(mlpGraph(), shapeTable(mlpWeights(8, 1)));
    const hidden = structure.classes.find((c) => c.spaces.includes('mlp:hidden'))!;
    expect(hidden.axes.map((a) => `${a.param}:${a.axis}`).sort()).toEqual(['down.weight:1', 'gate.bias:0', 'gate.weight:0', 'up.weight:0']);
    const output = structure.classes.find((c) => c.spaces.includes('mlp'))!;
    expect(output.axes.map((a) => `${a.param}:${a.axis}`)).toEqual(['down.weight:0']);
  });

  it('permutes without changing the function, and weight-mode EMD undoes the permutation', () => {
    const anchor = mlpWeights(8, 2);
    const permuted = new InMemoryWeights(permuteModel(mlpGraph(true), anchor, seededFloats(3)));
    const [a, b] = [mlp(anchor), mlp(permuted)];
    expect(Array.from(permuted.host('gate.weight').data)).not.toEqual(Array.from(anchor.host('gate.weight').data));
    b.forEach((v, i) => expect(v).toBeCloseTo(a[i], 5));
    const graphOnly = { id: 'swiglu-test', parameters: [], graph: () => mlpGraph(true) } as unknown as LlamaArchitecture;
    const { weights } = fuseModels({ container, architecture: graphOnly, models: [permuted, anchor].map((w) => ({ config: null as never, weights: w })), options: { mode: 'wts', solver: 'emd' } });
    for (const name of anchor.names()) expect(Array.from(weights.get(name)!.data)).toEqual(Array.from(anchor.host(name).data));
  });

  it('names the tensor and both widths when up and gate disagree', () => {
    const weights = mlpWeights(8, 1);
    const shapes = new Map(shapeTable(weights));
    shapes.set('up.weight', [7, 6]);
    expect(() => checkModelAgainstGraph(mlpGraph(), shapes)).toThrow(/up\.weight.*8/);
  });

  it("gives gate and up one hidden map and emits down's own output map (acts)", () => {
    const config = tinyLlama();
    const maps: RecordedMap[] = [];
    const samples = tinyInputs(config, 12, 3);
    try {
      fuseModels({
        container,
        architecture,
        models: [1, 2].map((seed) => ({ config, weights: new InMemoryWeights(architecture.init(config, seed)) })),
        options: { mode: 'acts', solver: 'emd' },
        samples,
        onMap: (m) => maps.push(m),
      });
    } finally {
      samples.dispose();
    }
    const labels = maps.map((m) => m.label).filter((l) => l.startsWith('model.layers.0.mlp'));
    expect(labels).toEqual(['model.layers.0.mlp › hidden', 'model.layers.0.mlp › down']);
    const hidden = maps.find((m) => m.label === 'model.layers.0.mlp › hidden')!.map;
    expect([hidden.n0, hidden.n1]).toEqual([config.intermediateSize, config.intermediateSize]);
  });
});
