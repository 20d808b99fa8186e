import { normalizeMlpConfig } from './config';

describe('MLP config.json', () => {
  const valid = { model_type: 'otfuse-mlp', input_size: 784, hidden_sizes: [400, 200, 100], num_labels: 10, activation: 'relu', bias: true };

  it('reads a valid config', () => {
    expect(normalizeMlpConfig(valid)).toEqual({ inputSize: 784, hiddenSizes: [400, 200, 100], numLabels: 10, activation: 'relu', bias: true });
  });

  it('names the key of every problem', () => {
    expect(() => normalizeMlpConfig({ ...valid, hiden_sizes: [1] })).toThrow('config.json › hiden_sizes: unknown key');
    expect(() => normalizeMlpConfig({ ...valid, hidden_sizes: [400, -1] })).toThrow('config.json › hidden_sizes[1]: expected a positive integer, got -1');
    expect(() => normalizeMlpConfig({ ...valid, activation: 'swish' })).toThrow('config.json › activation: expected one of relu, gelu, tanh, got "swish"');
    expect(() => normalizeMlpConfig({ ...valid, model_type: 'vit' })).toThrow("config.json › model_type: expected 'otfuse-mlp', got \"vit\"");
  });
});
