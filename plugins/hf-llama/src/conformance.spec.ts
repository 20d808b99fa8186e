import { describeConformance } from '@otfuse/testing';
import { tinyInputs, tinyLlama } from './__tests__/tiny';
import { LlamaArchitecture } from './architecture';
import { register } from './register';

describeConformance('hf-llama', {
  architecture: new LlamaArchitecture(),
  register,
  config: (variant) => tinyLlama(variant),
  inputs: tinyInputs,
});

describeConformance('hf-llama (tied head, biases, multi-head attention)', {
  architecture: new LlamaArchitecture(),
  register,
  config: (variant) => tinyLlama(variant, { tieWordEmbeddings: true, qkvBias: true, oBias: true, mlpBias: true, numKvHeads: 4 }),
  inputs: tinyInputs,
});
