import * as tf from '@tensorflow/tfjs';
import { describeConformance, seededFloats } from '@otfuse/testing';
import { HfGpt2Architecture } from './architecture';
import { HfGpt2Config, normalizeHfGpt2Config } from './config';
import { register } from './register';

const config = (hiddenSize: number): HfGpt2Config => ({ inputSize: 12, hiddenSize, numLabels: 4 });

const inputs = (c: HfGpt2Config, count: number, seed: number) => {
  const random = seededFloats(seed);
  return tf.tensor2d(Float32Array.from({ length: count * c.inputSize }, () => random() * 2 - 1), [count, c.inputSize]);
};

describeConformance('hf-gpt2', {
  architecture: new HfGpt2Architecture(),
  register,
  config: (variant) => config(variant === 'anchor' ? 9 : 14),
  inputs,
});

describe('hf-gpt2 config.json', () => {
  const valid = { model_type: 'hf-gpt2', input_size: 12, hidden_size: 9, num_labels: 4 };

  it('reads a valid config and writes it back', () => {
    const architecture = new HfGpt2Architecture();
    expect(architecture.detect(valid)).toBe(true);
    expect(architecture.detect({ ...valid, model_type: 'vit' })).toBe(false);
    expect(architecture.configJson(normalizeHfGpt2Config(valid))).toMatchObject(valid);
  });

  it('names the key of every problem', () => {
    expect(() => normalizeHfGpt2Config({ ...valid, hiden_size: 9 })).toThrow('config.json › hiden_size: unknown key');
    expect(() => normalizeHfGpt2Config({ ...valid, hidden_size: 0 })).toThrow('config.json › hidden_size: expected a positive integer, got 0');
  });
});
