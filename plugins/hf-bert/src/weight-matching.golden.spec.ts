import { tensorsWeightMatchingMisses, useTestBackend } from '@otfuse/testing';
import { GoldenHead, loadGoldenBert } from './__tests__/golden-models';
import { BertArchitecture } from './architecture';

// bert-tiny-perm is bert-tiny with every hidden feature, head, head dimension and intermediate
// neuron permuted by a script independent of otfuse. Weight matching, on the weights alone,
// must undo every permutation exactly.
describe.each(['mlm', 'seqcls'] as const)('weight matching bert-tiny-perm/%s onto bert-tiny', (head: GoldenHead) => {
  beforeAll(useTestBackend);

  it('gives bert-tiny back bit for bit', () => {
    const misses = tensorsWeightMatchingMisses(new BertArchitecture(), loadGoldenBert('bert-tiny-perm', head), loadGoldenBert('bert-tiny', head));
    expect(misses).toEqual([]);
  });
});
