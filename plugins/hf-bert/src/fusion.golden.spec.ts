import * as tf from '@tensorflow/tfjs';
import { InMemoryWeights, fuseModels, loadAll } from '@otfuse/core';
import { register as registerOt } from '@otfuse/ot';
import { expectClose, useTestBackend } from '@otfuse/testing';
import { DependencyContainer, container as rootContainer } from 'tsyringe';
import { GoldenHead, goldenInputs, loadGoldenBert } from './__tests__/golden-models';
import { BertArchitecture } from './architecture';
import { bertForward } from './forward';
import { register } from './register';

/** Largest elementwise difference between two parameter sets. */
function largestDifference(a: InMemoryWeights, b: ReadonlyMap<string, { data: ArrayLike<number> }> | InMemoryWeights): number {
  let worst = 0;
  for (const name of a.names()) {
    const x = a.host(name).data;
    const y = b instanceof InMemoryWeights ? b.host(name).data : b.get(name)!.data;
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]));
  }
  return worst;
}

// bert-tiny-perm holds the bert-tiny models with every hidden feature, head, head dimension and
// intermediate neuron permuted by a script independent of otfuse. Aligning it (model 0) to the
// original with EMD on activations must undo every permutation.
// With head-aware alignment the heads are matched whole first: the permutation is undone too.
describe.each([
  ['mlm', 'mixed'],
  ['seqcls', 'mixed'],
  ['mlm', 'head_aware'],
  ['seqcls', 'head_aware'],
] as const)('fusing bert-tiny-perm/%s into bert-tiny (EMD, activations, attention heads %s)', (head: GoldenHead, attentionHeads) => {
  let container: DependencyContainer;
  beforeAll(async () => {
    await useTestBackend();
    container = rootContainer.createChildContainer();
    registerOt(container);
    register(container);
  });

  it('gives bert-tiny back within 1e-5, and its logits', () => {
    const anchor = loadGoldenBert('bert-tiny', head);
    const permuted = loadGoldenBert('bert-tiny-perm', head);
    expect(largestDifference(anchor.weights, permuted.weights)).toBeGreaterThan(0.05);
    const samples = goldenInputs();
    try {
      const { weights } = fuseModels({
        container,
        architecture: new BertArchitecture(),
        models: [permuted, anchor],
        options: { mode: 'acts', solver: 'emd', attentionHeads },
        samples,
        batchSize: 4,
      });
      expect([...weights.keys()].sort()).toEqual(anchor.weights.names().sort());
      for (const name of anchor.weights.names()) {
        expect(weights.get(name)!.shape).toEqual(anchor.weights.shape(name));
        expectClose(weights.get(name)!.data, anchor.weights.host(name).data, { atol: 1e-5, what: name });
      }
      const logits = (w: InMemoryWeights) => {
        const params = loadAll(w);
        const out = bertForward(anchor.config, params, samples).logits;
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
