import { tensorsWeightMatchingMisses, useTestBackend } from '@otfuse/testing';
import { loadGoldenLlama } from './__tests__/golden-models';
import { LlamaArchitecture } from './architecture';

// Weight matching moves only what the permutation declarations allow. Core's FeatureSpace cannot
// state "whole heads move, nothing inside a head" (see the RoPE attention kind), so the attention's
// inner axes are declared unpermuted: every tensor outside them comes back bit for bit, and the
// attention projections whose heads (or V dimensions) llama-perm moved are averaged with the
// anchor's unaligned. OT fusion, whose kind aligns heads itself, undoes them (fusion.golden.spec).
describe('weight matching decoder-tiny/llama-perm onto llama', () => {
  beforeAll(useTestBackend);

  it('gives llama back bit for bit except the attention projections whose heads llama-perm moved', () => {
    const misses = tensorsWeightMatchingMisses(new LlamaArchitecture(), loadGoldenLlama('llama-perm'), loadGoldenLlama('llama'));
    expect(misses.map((m) => m.replace(/ \(.*/, '')).sort()).toEqual(
      [
        'model.layers.0.self_attn.q_proj.weight',
        'model.layers.0.self_attn.v_proj.weight',
        'model.layers.0.self_attn.o_proj.weight',
        'model.layers.1.self_attn.q_proj.weight',
        'model.layers.1.self_attn.k_proj.weight',
        'model.layers.1.self_attn.v_proj.weight',
        'model.layers.1.self_attn.o_proj.weight',
      ].sort(),
    );
  });
});
