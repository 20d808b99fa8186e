import { describeConformance } from '@otfuse/testing';
import { tinyGpt2Inputs } from './__tests__/tiny-inputs';
import { Gpt2Architecture } from './architecture';
import { Gpt2Config, normalizeGpt2Config } from './config';
import { register } from './register';

/**
 * Tiny GPT-2s: 40 tokens, 10 positions, two blocks of two heads. The anchor has hidden 16 and an
 * MLP of 40; the wide model hidden 24 and the default MLP (n_inner null: 4 · 24). c_attn's views
 * are thirds of whatever width a model has, so the wide model fuses into the anchor's shapes.
 */
const config = (hidden: number, inner: number | null): Gpt2Config =>
  normalizeGpt2Config({ model_type: 'gpt2', architectures: ['GPT2LMHeadModel'], vocab_size: 40, n_embd: hidden, n_layer: 2, n_head: 2, n_inner: inner, n_positions: 10 });

describeConformance('hf-gpt2 (causal LM, non-padding positions)', {
  architecture: new Gpt2Architecture(),
  register,
  config: (variant) => (variant === 'anchor' ? config(16, 40) : config(24, null)),
  inputs: (c, count, seed) => tinyGpt2Inputs(c, count, seed),
});
