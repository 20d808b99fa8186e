import { tensorsWeightMatchingMisses, useTestBackend } from '@otfuse/testing';
import { RESNET_VARIANTS, loadGoldenResnet } from '../__tests__/golden-resnet';
import { ResnetArchitecture } from './architecture';

// resnet-tiny/<variant>-perm holds the same network with its channels permuted by a script
// independent of otfuse: weight matching must undo it exactly, BatchNorm statistics included.
describe.each(RESNET_VARIANTS)('weight matching resnet-tiny/%s-perm onto the original', (variant) => {
  beforeAll(useTestBackend);

  it('gives the original back bit for bit', () => {
    const misses = tensorsWeightMatchingMisses(new ResnetArchitecture(), loadGoldenResnet(`${variant}-perm`), loadGoldenResnet(variant));
    expect(misses).toEqual([]);
  });
});
