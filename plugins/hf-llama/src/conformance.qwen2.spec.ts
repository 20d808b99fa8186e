import { describeConformance } from '@otfuse/testing';
import { tinyInputs, tinyLlama } from './__tests__/tiny';
import { LlamaArchitecture } from './architecture';
import { register } from './register';

// A Qwen2-style config: biases on q, k and v but not on o or the MLP, written as a Qwen2ForCausalLM.
describeConformance('hf-llama (Qwen2: q/k/v biases)', {
  architecture: new LlamaArchitecture(),
  register,
  config: (variant) => tinyLlama(variant, { modelType: 'qwen2', qkvBias: true }),
  inputs: tinyInputs,
});
