import { HostTensor, ParameterTable, initParameters } from '@otfuse/core';

/**
 * Seeded parameters as `transformers`' convnets initialise them (`_init_weights`), drawn in
 * `state_dict` order from one generator: convolutions from N(0, 2 / fan_out) (Kaiming normal,
 * `fan_out`, ReLU gain), their biases 0; linear layers uniform in ±1/√fan_in, weight and bias
 * (PyTorch's `nn.Linear` default); BatchNorm γ 1, β 0, running mean 0, running variance 1, no
 * batches seen.
 */
export function initConvnet(table: ParameterTable, seed: number): Record<string, HostTensor> {
  return initParameters(table, seed, { conv: 'kaiming-normal-fan-out', 'conv-bias': 'zeros' });
}
