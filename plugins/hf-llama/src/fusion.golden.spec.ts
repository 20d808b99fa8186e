import * as tf from '@tensorflow/tfjs';
import { InMemoryWeights, RecordedMap, fuseModels, loadAll } from '@otfuse/core';
import { register as registerOt } from '@otfuse/ot';
import { expectClose, useTestBackend } from '@otfuse/testing';
import { DependencyContainer, container as rootContainer } from 'tsyringe';
import { clmInputs, loadGoldenLlama } from './__tests__/golden-models';
import { LlamaArchitecture } from './architecture';
import { llamaForward } from './forward';
import { register } from './register';

function largestDifference(a: InMemoryWeights, b: InMemoryWeights): number {
  let worst = 0;
  for (const name of a.names()) {
    const [x, y] = [a.host(name).data, b.host(name).data];
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]));
  }
  return worst;
}

// llama-perm is decoder-tiny/llama with the residual stream, whole KV groups with their query
// heads, query heads inside a group, V dimensions inside a head and the MLP neurons permuted by a
// script independent of otfuse. Aligning it (model 0) to the original with EMD, on activations or on weights,
// must undo every permutation, the attention's included.
describe.each(['acts', 'wts'] as const)('fusing decoder-tiny/llama-perm into llama (EMD, %s)', (mode) => {
  let container: DependencyContainer;
  beforeAll(async () => {
    await useTestBackend();
    container = rootContainer.createChildContainer();
    registerOt(container);
    register(container);
  });

  it('gives llama back within 1e-5, and its logits', () => {
    const anchor = loadGoldenLlama('llama');
    const permuted = loadGoldenLlama('llama-perm');
    expect(largestDifference(anchor.weights, permuted.weights)).toBeGreaterThan(0.05);
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
      expect([...weights.keys()].sort()).toEqual(anchor.weights.names().sort());
      for (const name of anchor.weights.names()) {
        expect(weights.get(name)!.shape).toEqual(anchor.weights.shape(name));
        expectClose(weights.get(name)!.data, anchor.weights.host(name).data, { atol: 1e-5, what: name });
      }
      // The KV groups of layer 1 were swapped, those of layer 0 were not.
      const groups = (layer: number) => Array.from(maps.find((m) => m.label === `model.layers.${layer}.self_attn › KV groups`)!.map.data);
      expect(groups(0)).toEqual([1, 0, 0, 1]);
      expect(groups(1)).toEqual([0, 1, 1, 0]);
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
