import { describeConformance } from '@otfuse/testing';
import { tinyInputs } from './__tests__/tiny-inputs';
import { BertArchitecture } from './architecture';
import { BertConfig, BertHead, normalizeBertConfig } from './config';
import { register } from './register';

/** Tiny BERTs: 40 tokens, 10 positions, two blocks of two heads. */
const config = (head: BertHead, hidden: number, intermediate: number, hiddenAct = 'gelu'): BertConfig =>
  normalizeBertConfig({
    model_type: 'bert',
    architectures: [head === 'mlm' ? 'BertForMaskedLM' : 'BertForSequenceClassification'],
    vocab_size: 40,
    hidden_size: hidden,
    num_hidden_layers: 2,
    num_attention_heads: 2,
    intermediate_size: intermediate,
    hidden_act: hiddenAct,
    max_position_embeddings: 10,
    num_labels: 3,
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
