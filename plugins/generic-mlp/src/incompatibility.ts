import { firstDifference } from '@otfuse/core';
import type { MlpConfig } from './config';

/** Two MLPs fuse when only their hidden widths differ: the depth, input, labels, activation and biases must agree. */
export function mlpIncompatibility(a: MlpConfig, b: MlpConfig): string | undefined {
  return firstDifference(a, b, [
    { what: 'depth', key: 'hidden_sizes.length', of: (c) => c.hiddenSizes.length },
    { what: 'input size', key: 'input_size', of: (c) => c.inputSize },
    { what: 'label count', key: 'num_labels', of: (c) => c.numLabels },
    { what: 'activation', key: 'activation', of: (c) => c.activation },
    { what: 'bias setting', key: 'bias', of: (c) => c.bias },
  ]);
}
