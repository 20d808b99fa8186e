import * as tf from '@tensorflow/tfjs';
import { describeConformance, seededFloats } from '@otfuse/testing';
import { MlpArchitecture } from './architecture';
import { MlpConfig } from './config';
import { register } from './register';

const config = (hiddenSizes: number[]): MlpConfig => ({ inputSize: 12, hiddenSizes, numLabels: 4, activation: 'relu', bias: true });

describeConformance('generic-mlp', {
  architecture: new MlpArchitecture(),
  register,
  config: (variant) => (variant === 'anchor' ? config([10, 8]) : config([16, 12])),
  inputs: (c, count, seed) => {
    const random = seededFloats(seed);
    return tf.tensor2d(Float32Array.from({ length: count * c.inputSize }, () => random() * 2 - 1), [count, c.inputSize]);
  },
});

describeConformance('generic-mlp (gelu, no bias, pre-activation capture)', {
  architecture: new MlpArchitecture(),
  register,
  config: (variant) => ({ ...config(variant === 'anchor' ? [9] : [14]), activation: 'gelu', bias: false }),
  inputs: (c, count, seed) => {
    const random = seededFloats(seed);
    return tf.tensor2d(Float32Array.from({ length: count * c.inputSize }, () => random() * 2 - 1), [count, c.inputSize]);
  },
  captureOptions: { preActivation: true },
});
