import * as tf from '@tensorflow/tfjs';
import { describeConformance, seededFloats } from '@otfuse/testing';
import { ConvnetArchitecture } from './architecture';
import { ConvnetConfig, normalizeConvnetConfig } from './config';
import { register } from './register';

const config = (hiddenSize: number): ConvnetConfig => ({ inputSize: 12, hiddenSize, numLabels: 4 });

const inputs = (c: ConvnetConfig, count: number, seed: number) => {
  const random = seededFloats(seed);
  return tf.tensor2d(Float32Array.from({ length: count * c.inputSize }, () => random() * 2 - 1), [count, c.inputSize]);
};

describeConformance('convnet', {
  architecture: new ConvnetArchitecture(),
  register,
  config: (variant) => config(variant === 'anchor' ? 9 : 14),
  inputs,
});

describe('convnet config.json', () => {
  const valid = { model_type: 'convnet', input_size: 12, hidden_size: 9, num_labels: 4 };

  it('reads a valid config and writes it back', () => {
    const architecture = new ConvnetArchitecture();
    expect(architecture.detect(valid)).toBe(true);
    expect(architecture.detect({ ...valid, model_type: 'vit' })).toBe(false);
    expect(architecture.configJson(normalizeConvnetConfig(valid))).toMatchObject(valid);
  });

  it('names the key of every problem', () => {
    expect(() => normalizeConvnetConfig({ ...valid, hiden_size: 9 })).toThrow('config.json › hiden_size: unknown key');
    expect(() => normalizeConvnetConfig({ ...valid, hidden_size: 0 })).toThrow('config.json › hidden_size: expected a positive integer, got 0');
  });
});
