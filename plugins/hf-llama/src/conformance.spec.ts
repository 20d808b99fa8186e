import * as tf from '@tensorflow/tfjs';
import { describeConformance, seededFloats } from '@otfuse/testing';
import { HfLlamaArchitecture } from './architecture';
import { HfLlamaConfig, normalizeHfLlamaConfig } from './config';
import { register } from './register';

const config = (hiddenSize: number): HfLlamaConfig => ({ inputSize: 12, hiddenSize, numLabels: 4 });

const inputs = (c: HfLlamaConfig, count: number, seed: number) => {
  const random = seededFloats(seed);
  return tf.tensor2d(Float32Array.from({ length: count * c.inputSize }, () => random() * 2 - 1), [count, c.inputSize]);
};

describeConformance('hf-llama', {
  architecture: new HfLlamaArchitecture(),
  register,
  config: (variant) => config(variant === 'anchor' ? 9 : 14),
  inputs,
});

describe('hf-llama config.json', () => {
  const valid = { model_type: 'hf-llama', input_size: 12, hidden_size: 9, num_labels: 4 };

  it('reads a valid config and writes it back', () => {
    const architecture = new HfLlamaArchitecture();
    expect(architecture.detect(valid)).toBe(true);
    expect(architecture.detect({ ...valid, model_type: 'vit' })).toBe(false);
    expect(architecture.configJson(normalizeHfLlamaConfig(valid))).toMatchObject(valid);
  });

  it('names the key of every problem', () => {
    expect(() => normalizeHfLlamaConfig({ ...valid, hiden_size: 9 })).toThrow('config.json › hiden_size: unknown key');
    expect(() => normalizeHfLlamaConfig({ ...valid, hidden_size: 0 })).toThrow('config.json › hidden_size: expected a positive integer, got 0');
  });
});
