import { firstDifference } from '@otfuse/core';
import type { MlpConfig } from './config';

/** Two MLPs fuse when only their hidden widths differ: the depth, input, labels, activation and biases must agree. */
export function mlpIncompatibility(a: MlpConfig, b: MlpConfig): string | undefined {
  return firstDifference([
    { what: 'depth', key: 'hidden_sizes.length', a: a.hiddenSizes.length, b: b.hiddenSizes.length },
    { what: 'input size', key: 'input_size', a: a.inputSize, b: b.inputSize },
    { what: 'label count', key: 'num_labels', a: a.numLabels, b: b.numLabels },
    { what: 'activation', key: 'activation', a: a.activation, b: b.activation },
    { what: 'bias setting', key: 'bias', a: a.bias, b: b.bias },
  ]);
}
