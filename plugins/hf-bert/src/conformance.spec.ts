import { describeConformance } from '@otfuse/testing';
import { tinyInputs } from './__tests__/tiny-inputs';
import { BertArchitecture } from './architecture';
import { BERT_ARCHITECTURES, BertConfig, BertHead, normalizeBertConfig } from './config';
import { register } from './register';

/** Tiny BERTs: 40 tokens, 10 positions, two blocks of two heads. */
const config = (head: BertHead, hidden: number, intermediate: number, hiddenAct = 'gelu'): BertConfig =>
  normalizeBertConfig({
    model_type: 'bert',
    architectures: [BERT_ARCHITECTURES[head]],
    vocab_size: 40,
    hidden_size: hidden,
    num_hidden_layers: 2,
    num_attention_heads: 2,
    intermediate_size: intermediate,
    hidden_act: hiddenAct,
    max_position_embeddings: 10,
    num_labels: head === 'qa' ? 2 : 3,
  });

describeConformance('hf-bert (masked LM, non-padding tokens)', {
  architecture: new BertArchitecture(),
  register,
  config: (variant) => (variant === 'anchor' ? config('mlm', 16, 32) : config('mlm', 24, 40)),
  inputs: (c, count, seed) => tinyInputs(c, count, seed),
});

describeConformance('hf-bert (sequence classification, gelu_new, 3 sampled tokens per sequence)', {
  architecture: new BertArchitecture(),
  register,
  config: (variant) => (variant === 'anchor' ? config('seqcls', 16, 32, 'gelu_new') : config('seqcls', 24, 40, 'gelu_new')),
  inputs: (c, count, seed) => tinyInputs(c, count, seed),
  captureOptions: { seq_filter: 'sample_3', seed: 7 },
});

// The heads without a masked LM or sequence classifier of their own suite. A base model's output is
// its pooled hidden state, so only its MLP widths differ.
describe.each([
  ['base', 16, 48],
  ['tokcls', 24, 40],
  ['qa', 24, 40],
  ['pretraining', 24, 40],
] as const)('hf-bert %s', (head, wideHidden, wideIntermediate) => {
  describeConformance(`hf-bert (${BERT_ARCHITECTURES[head]})`, {
    architecture: new BertArchitecture(),
    register,
    config: (variant) => (variant === 'anchor' ? config(head, 16, 32) : config(head, wideHidden, wideIntermediate)),
    inputs: (c, count, seed) => tinyInputs(c, count, seed),
  });
});
