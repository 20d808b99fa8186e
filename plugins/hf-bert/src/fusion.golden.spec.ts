import * as tf from '@tensorflow/tfjs';
import { InMemoryWeights, fuseModels, loadAll } from '@otfuse/core';
import { register as registerOt } from '@otfuse/ot';
import { expectAnchorBack, expectClose, largestWeightDifference, useTestBackend } from '@otfuse/testing';
import { DependencyContainer, container as rootContainer } from 'tsyringe';
import { GoldenHead, goldenInputs, loadGoldenBert } from './__tests__/golden-models';
import { BertArchitecture } from './architecture';
import { bertForward } from './forward';
import { register } from './register';

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
    expect(largestWeightDifference(anchor.weights, permuted.weights)).toBeGreaterThan(0.05);
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
      expectAnchorBack(weights, anchor.weights, 1e-5);
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
