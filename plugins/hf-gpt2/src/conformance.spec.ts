import { describeConformance } from '@otfuse/testing';
import { tinyGpt2Inputs } from './__tests__/tiny-inputs';
import { Gpt2Architecture } from './architecture';
import { Gpt2Config, normalizeGpt2Config } from './config';
import { register } from './register';

/**
 * Tiny GPT-2s: 40 tokens, 10 positions, two blocks of two heads, hidden 16. The wide model has the
 * anchor's hidden size and a wider MLP (n_inner null: 4 · 16): the views that slice c_attn into
 * Q, K and V have the anchor's width, so models of another n_embd do not fuse (see the README).
 */
const config = (inner: number | null): Gpt2Config =>
  normalizeGpt2Config({ model_type: 'gpt2', architectures: ['GPT2LMHeadModel'], vocab_size: 40, n_embd: 16, n_layer: 2, n_head: 2, n_inner: inner, n_positions: 10 });

describeConformance('hf-gpt2 (causal LM, non-padding positions)', {
  architecture: new Gpt2Architecture(),
  register,
  config: (variant) => (variant === 'anchor' ? config(40) : config(null)),
  inputs: (c, count, seed) => tinyGpt2Inputs(c, count, seed),
});
