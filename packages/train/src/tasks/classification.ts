import { crossEntropyTask } from './cross-entropy-task';

/** One class per example (image classification, a passage's class). */
export const classification = crossEntropyTask({
  id: 'classification',
  description: 'one class per example: softmax cross-entropy, accuracy of the arg-max class',
  label: 'classification',
  labels: 'per-example',
  labelShape: [],
  metrics: [
    { key: 'accuracy', name: 'accuracy' },
    { key: 'loss', name: 'loss' },
  ],
});
