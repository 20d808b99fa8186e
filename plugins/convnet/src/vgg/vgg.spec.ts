import * as tf from '@tensorflow/tfjs';
import { HostTensor, InMemoryWeights, fuseModels, loadAll, permuteModel } from '@otfuse/core';
import { expectClose, seededFloats, useTestBackend } from '@otfuse/testing';
import { withBatchNormValues } from '../__tests__/batch-norm-values';
import { fusionContainer } from '../__tests__/fusion-container';
import { rowsToNchw } from '../__tests__/golden-resnet';
import { seededImages } from '../__tests__/inputs';
import { VggArchitecture } from './architecture';
import { VggConfig, normalizeVggConfig, vggConfigJson } from './config';
import { vggForward } from './forward';
import { vggConvolutions, vggLinears } from './layout';

const architecture = new VggArchitecture();
const config: VggConfig = normalizeVggConfig({
  model_type: 'otfuse-vgg', num_channels: 2, image_size: 8, layers: [6, 'M', 8, 8, 'M'], batch_norm: true, classifier_sizes: [10, 7], num_labels: 4,
});
const values = (weights: ReadonlyMap<string, HostTensor> | InMemoryWeights) =>
  Object.fromEntries((weights instanceof InMemoryWeights ? weights.names().map((n) => [n, weights.host(n)] as const) : [...weights]).map(([n, t]) => [n, Array.from(t.data)]));

beforeAll(useTestBackend);

describe('otfuse-vgg', () => {
  it('numbers modules as torchvision does and lists the config', () => {
    expect(vggConvolutions(config).map((c) => [c.module, c.batchNorm, c.followers])).toEqual([
      ['features.0', 'features.1', ['features.2', 'features.3']],
      ['features.4', 'features.5', ['features.6']],
      ['features.7', 'features.8', ['features.9', 'features.10']],
    ]);
    expect(vggLinears(config).map((l) => [l.module, l.relu, l.inFeatures, l.outFeatures])).toEqual([
      ['classifier.0', 'classifier.1', 32, 10],
      ['classifier.2', 'classifier.3', 10, 7],
      ['classifier.4', null, 7, 4],
    ]);
    expect([...architecture.parameterShapes(config)].filter(([n]) => n.startsWith('classifier.0'))).toEqual([['classifier.0.weight', [10, 8, 2, 2]], ['classifier.0.bias', [10]]]);
    expect(normalizeVggConfig(vggConfigJson(config))).toEqual(config);
  });

  it('names the key of every problem', () => {
    const valid = vggConfigJson(config);
    const problem = (change: Record<string, unknown>) => () => normalizeVggConfig({ ...valid, ...change });
    expect(problem({ layers: ['M', 8] })).toThrow('config.json › layers: expected a list of channel counts and "M" (max pool) starting with a convolution');
    expect(problem({ layers: [8, 'A'] })).toThrow('config.json › layers: expected a list');
    expect(problem({ image_size: 6 })).toThrow('config.json › image_size: 6 does not halve 2 times, once per max pool in layers');
    expect(problem({ image_size: undefined })).toThrow('config.json › image_size: expected a positive integer, got undefined');
    expect(problem({ classifier_sizes: [0] })).toThrow('config.json › classifier_sizes: expected a list of positive integers (possibly empty), got [0]');
    expect(problem({ batch_norm: 'yes' })).toThrow('config.json › batch_norm: expected true or false, got "yes"');
    expect(problem({ dropout: 0.5 })).toThrow('config.json › dropout: unknown key');
  });

  it('flattens the feature map in PyTorch order (channel, row, column) into the first linear layer', () => {
    const params = loadAll(new InMemoryWeights(architecture.init(config, 1)));
    const pixels = seededImages(3, 2, 8, 2);
    const { logits, activations } = vggForward(config, params, pixels, { keys: ['features.10', 'classifier.0'] });
    try {
      const flat = tf.tensor2d(rowsToNchw(activations.get('features.10')!, [3, 8, 2, 2]), [3, 32]);
      const expected = tf.add(tf.matMul(flat, tf.transpose(tf.reshape(params['classifier.0.weight'], [10, 32]))), params['classifier.0.bias']);
      expectClose(activations.get('classifier.0')!.dataSync(), expected.dataSync(), { atol: 1e-5, what: 'classifier.0' });
      tf.dispose([flat, expected]);
    } finally {
      tf.dispose([logits, pixels, ...activations.values(), ...Object.values(params)]);
    }
  });

  it('resets BatchNorm statistics to those of the batch: the first BatchNorm gets its convolution output’s mean and unbiased variance', () => {
    const weights = new InMemoryWeights(architecture.init(config, 3));
    const pixels = seededImages(5, 2, 8, 4);
    const reset = architecture.resetNormStatistics(config, weights, pixels);
    const params = loadAll(weights);
    const { logits, activations } = vggForward(config, params, pixels, { keys: ['features.0'] });
    const rows = activations.get('features.0')!;
    const { mean, variance } = tf.moments(rows, 0);
    const n = rows.shape[0];
    expectClose(reset.get('features.1.running_mean')!.data, mean.dataSync(), { atol: 1e-6, what: 'running_mean' });
    expectClose(reset.get('features.1.running_var')!.data, tf.mul(variance, n / (n - 1)).dataSync(), { atol: 1e-5, what: 'running_var' });
    expect(Array.from(reset.get('features.5.num_batches_tracked')!.data)).toEqual([1]);
    expect(reset.get('features.5.running_var')!.data).not.toEqual(weights.host('features.5.running_var').data);
    tf.dispose([logits, rows, mean, variance, pixels, ...Object.values(params)]);
  });

  it.each(['acts', 'wts'] as const)('recovers a permuted copy with non-trivial BatchNorms exactly (%s, EMD)', (mode) => {
    const anchor = withBatchNormValues(architecture.init(config, 5), 6);
    const permuted = new InMemoryWeights(permuteModel(architecture.graph(config), anchor, seededFloats(7)));
    expect(values(permuted)['features.1.running_var']).not.toEqual(values(anchor)['features.1.running_var']);
    const samples = seededImages(16, 2, 8, 8);
    try {
      const { weights } = fuseModels({ container: fusionContainer(), architecture, models: [{ config, weights: permuted }, { config, weights: anchor }], options: { mode, solver: 'emd' }, samples });
      expect(values(weights)).toEqual(values(anchor));
    } finally {
      samples.dispose();
    }
  });

  it('keeps the output layer and the neurons feeding it without fuseGenerator', () => {
    const fixed = (c: VggConfig) => architecture.graph(c, { fuseGenerator: false }).nodes.filter((n) => n.kind === 'linear' && n.fixedOutput).map((n) => n.id);
    expect(fixed(config)).toEqual(['classifier.2', 'classifier.4']);
    expect(fixed({ ...config, classifierSizes: [] })).toEqual(['features.7', 'classifier.0']);
  });
});
