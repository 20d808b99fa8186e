import { crossEntropyTask } from './cross-entropy-task';

/** A class per token (named entities, parts of speech); -100 marks tokens without one. */
export const tokenClassification = crossEntropyTask({
  id: 'token-classification',
  description: 'a class per token (-100 where there is none): cross-entropy and accuracy over the labelled tokens',
  label: 'token classification',
  labels: 'per-token',
  labelShape: ['length'],
  metrics: [
    { key: 'accuracy', name: 'token accuracy' },
    { key: 'loss', name: 'loss' },
  ],
});
