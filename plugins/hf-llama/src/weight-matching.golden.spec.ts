import { tensorsWeightMatchingMisses, useTestBackend } from '@otfuse/testing';
import { loadGoldenLlama } from './__tests__/golden-models';
import { LlamaArchitecture } from './architecture';

// Weight matching moves only what the permutation declarations allow. The RoPE attention kind
// declares its true structure (KV groups with their query heads, query heads inside a group, V
// dimensions inside a head, never a dimension inside a Q/K head), so every permutation llama-perm
// made, the residual stream's, the MLP's and the attention's, is undone: llama comes back exactly.
describe('weight matching decoder-tiny/llama-perm onto llama', () => {
  beforeAll(useTestBackend);

  it('gives llama back bit for bit', () => {
    const misses = tensorsWeightMatchingMisses(new LlamaArchitecture(), loadGoldenLlama('llama-perm'), loadGoldenLlama('llama'));
    expect(misses).toEqual([]);
  });
});
