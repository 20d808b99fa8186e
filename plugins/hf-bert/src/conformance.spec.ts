import * as tf from '@tensorflow/tfjs';
import { describeConformance, seededFloats } from '@otfuse/testing';
import { HfBertArchitecture } from './architecture';
import { HfBertConfig, normalizeHfBertConfig } from './config';
import { register } from './register';

const config = (hiddenSize: number): HfBertConfig => ({ inputSize: 12, hiddenSize, numLabels: 4 });

const inputs = (c: HfBertConfig, count: number, seed: number) => {
  const random = seededFloats(seed);
  return tf.tensor2d(Float32Array.from({ length: count * c.inputSize }, () => random() * 2 - 1), [count, c.inputSize]);
};

describeConformance('hf-bert', {
  architecture: new HfBertArchitecture(),
  register,
  config: (variant) => config(variant === 'anchor' ? 9 : 14),
  inputs,
});

describe('hf-bert config.json', () => {
  const valid = { model_type: 'hf-bert', input_size: 12, hidden_size: 9, num_labels: 4 };

  it('reads a valid config and writes it back', () => {
    const architecture = new HfBertArchitecture();
    expect(architecture.detect(valid)).toBe(true);
    expect(architecture.detect({ ...valid, model_type: 'vit' })).toBe(false);
    expect(architecture.configJson(normalizeHfBertConfig(valid))).toMatchObject(valid);
  });

  it('names the key of every problem', () => {
    expect(() => normalizeHfBertConfig({ ...valid, hiden_size: 9 })).toThrow('config.json › hiden_size: unknown key');
    expect(() => normalizeHfBertConfig({ ...valid, hidden_size: 0 })).toThrow('config.json › hidden_size: expected a positive integer, got 0');
  });
});
