import * as tf from '@tensorflow/tfjs';
import { InMemoryWeights, RecordedMap, fuseModels, loadAll } from '@otfuse/core';
import { expectAnchorBack, expectClose, largestWeightDifference, readGoldenJson } from '@otfuse/testing';
import { DependencyContainer } from 'tsyringe';
import { fusionContainer } from './__tests__/fusion-container';
import { clmInputs, loadGoldenLlama } from './__tests__/golden-models';
import { LlamaArchitecture } from './architecture';
import { llamaForward } from './forward';

// llama-perm is decoder-tiny/llama with the residual stream, whole KV groups with their query
// heads, query heads inside a group, V dimensions inside a head and the MLP neurons permuted by a
// script independent of otfuse. Aligning it (model 0) to the original with EMD, on activations or on weights,
// must undo every permutation, the attention's included.
describe.each(['acts', 'wts'] as const)('fusing decoder-tiny/llama-perm into llama (EMD, %s)', (mode) => {
  let container: DependencyContainer;
  beforeAll(async () => {
    container = await fusionContainer();
  });

  it('gives llama back within 1e-5, and its logits', () => {
    const anchor = loadGoldenLlama('llama');
    const permuted = loadGoldenLlama('llama-perm');
    expect(largestWeightDifference(anchor.weights, permuted.weights)).toBeGreaterThan(0.05);
    const samples = clmInputs();
    const maps: RecordedMap[] = [];
    try {
      const { weights } = fuseModels({
        container,
        architecture: new LlamaArchitecture(),
        models: [permuted, anchor],
        options: { mode, solver: 'emd' },
        samples,
        batchSize: 16,
        onMap: (m) => maps.push(m),
      });
      expectAnchorBack(weights, anchor.weights, 1e-5);
      // The map over KV groups is the script's own K permutation (new position ← old), read per head.
      const permutations = readGoldenJson<Record<string, number[]>>('decoder-tiny', 'llama-perm_permutations.json');
      const { numKvHeads: groups, headDim: d } = anchor.config;
      for (let layer = 0; layer < anchor.config.numLayers; layer++) {
        const order = permutations[`model.layers.${layer}.k`];
        const expected = new Array<number>(groups * groups).fill(0);
        for (let g = 0; g < groups; g++) expected[g * groups + order[g * d] / d] = 1;
        expect(Array.from(maps.find((m) => m.label === `model.layers.${layer}.self_attn › KV groups`)!.map.data)).toEqual(expected);
      }
      expect(permutations['model.layers.1.k'][0]).toBe(d);
      const logits = (w: InMemoryWeights) => {
        const params = loadAll(w);
        const out = llamaForward(anchor.config, params, samples).logits;
        const data = out.dataSync().slice();
        tf.dispose([out, ...Object.values(params)]);
        return data;
      };
      expectClose(logits(new InMemoryWeights(weights)), logits(anchor.weights), { atol: 1e-5, what: 'logits of the fused model' });
    } finally {
      samples.dispose();
    }
  });
});
