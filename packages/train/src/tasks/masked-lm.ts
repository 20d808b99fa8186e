import { crossEntropyTask } from './cross-entropy-task';

/** The original token at each masked position (-100 elsewhere), as `BertForMaskedLM` is trained. */
export const maskedLm = crossEntropyTask({
  id: 'masked-lm',
  description: 'the original token at each masked position (-100 elsewhere): MLM loss, masked-token accuracy and perplexity',
  label: 'masked LM',
  labels: 'per-token',
  labelShape: ['length'],
  metrics: [
    { key: 'accuracy', name: 'masked-token accuracy' },
    { key: 'loss', name: 'MLM loss' },
    { key: 'perplexity', name: 'perplexity' },
  ],
});
