import * as tf from '@tensorflow/tfjs';
import { describeConformance, seededFloats } from '@otfuse/testing';
import { MlpArchitecture } from './architecture';
import { MlpConfig } from './config';
import { register } from './register';

const config = (hiddenSizes: number[], activation: MlpConfig['activation'], bias = true): MlpConfig => ({
  inputSize: 12,
  hiddenSizes,
  numLabels: 4,
  activation,
  bias,
});

const inputs = (c: MlpConfig, count: number, seed: number) => {
  const random = seededFloats(seed);
  return tf.tensor2d(Float32Array.from({ length: count * c.inputSize }, () => random() * 2 - 1), [count, c.inputSize]);
};

// ReLU outputs can be zero on every sample (a dead neuron has no signature), so the ReLU model
// is described by pre-activations, the reference's `pre_relu`; tanh outputs identify neurons.
describeConformance('generic-mlp (relu, pre-activation capture)', {
  architecture: new MlpArchitecture(),
  register,
  config: (variant) => (variant === 'anchor' ? config([10, 8], 'relu') : config([16, 12], 'relu')),
  inputs,
  captureOptions: { pre_relu: true },
});

describeConformance('generic-mlp (tanh, no bias, post-activation capture)', {
  architecture: new MlpArchitecture(),
  register,
  config: (variant) => config(variant === 'anchor' ? [9, 7] : [14, 11], 'tanh', false),
  inputs,
});

describeConformance('generic-mlp (gelu, single hidden layer)', {
  architecture: new MlpArchitecture(),
  register,
  config: (variant) => config(variant === 'anchor' ? [9] : [14], 'gelu'),
  inputs,
  captureOptions: { pre_relu: true },
});

describe('generic-mlp graph without fusing the classifier', () => {
  it('keeps the anchor classifier and fixes the layer feeding it', () => {
    const graph = new MlpArchitecture().graph(config([10, 8], 'relu'), { fuseGenerator: false });
    const [, second, classifier] = graph.nodes;
    expect(second).toMatchObject({ id: 'layers.1', fixedOutput: true });
    expect(classifier).toMatchObject({ id: 'layers.2', fixedOutput: true, anchorOnly: true });
  });
});
