import { InMemoryWeights } from '@otfuse/core';
import { tensorsWeightMatchingMisses, useTestBackend } from '@otfuse/testing';
import { loadGoldenVit } from './__tests__/golden-models';
import { VitArchitecture } from './architecture';

/** A golden ViT folder in host memory. */
function hostVit(name: string) {
  const loaded = loadGoldenVit(name);
  const tensors = Object.fromEntries(loaded.names.map((n) => [n, { shape: [...loaded.params[n].shape], data: loaded.params[n].dataSync() as Float32Array }]));
  Object.values(loaded.params).forEach((t) => t.dispose());
  return { config: loaded.config, weights: new InMemoryWeights(tensors) };
}

// vit-tiny's parent0-perm is parent1 (the anchor) with its neurons and heads permuted by the
// paper's code: weight matching, on the weights alone, must give parent1 back exactly.
describe('weight matching vit-tiny parent0-perm onto parent1', () => {
  beforeAll(useTestBackend);

  it('gives parent1 back bit for bit', () => {
    expect(tensorsWeightMatchingMisses(new VitArchitecture(), hostVit('parent0-perm'), hostVit('parent1'))).toEqual([]);
  });
});
