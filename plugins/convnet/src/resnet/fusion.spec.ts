import * as tf from '@tensorflow/tfjs';
import { HostTensor, InMemoryWeights, fuseModels, permuteModel } from '@otfuse/core';
import { expectAnchorBack, seededFloats, useTestBackend } from '@otfuse/testing';
import { DependencyContainer } from 'tsyringe';
import { withBatchNormValues } from '../__tests__/batch-norm-values';
import { fusionContainer } from '../__tests__/fusion-container';
import { RESNET_VARIANTS, goldenResnetPixels, loadGoldenResnet } from '../__tests__/golden-resnet';
import { seededImages } from '../__tests__/inputs';
import { ResnetArchitecture } from './architecture';
import { ResnetConfig, normalizeResnetConfig } from './config';

const architecture = new ResnetArchitecture();
const values = (weights: ReadonlyMap<string, HostTensor> | InMemoryWeights) =>
  Object.fromEntries((weights instanceof InMemoryWeights ? weights.names().map((n) => [n, weights.host(n)] as const) : [...weights]).map(([n, t]) => [n, Array.from(t.data)]));

describe('fusing ResNets', () => {
  let container: DependencyContainer;

  beforeAll(async () => {
    await useTestBackend();
    container = fusionContainer();
  });

  it.each(RESNET_VARIANTS)('gives resnet-tiny/%s back from its permuted copy (written independently of otfuse) within 1e-5, EMD on activations', (variant) => {
    const anchor = loadGoldenResnet(variant);
    const permuted = loadGoldenResnet(`${variant}-perm`);
    expect(values(permuted.weights)).not.toEqual(values(anchor.weights));
    const samples = goldenResnetPixels();
    try {
      const { weights } = fuseModels({ container, architecture, models: [permuted, anchor], options: { mode: 'acts', solver: 'emd' }, samples });
      expectAnchorBack(weights, anchor.weights, 1e-5);
    } finally {
      samples.dispose();
    }
  });

  describe('a permuted copy with non-trivial BatchNorms', () => {
    const config: ResnetConfig = normalizeResnetConfig({ model_type: 'resnet', embedding_size: 8, hidden_sizes: [8, 12], depths: [2, 1], layer_type: 'basic', num_labels: 4 });

    it.each(['acts', 'wts'] as const)('is recovered exactly, running statistics and counters included (%s, EMD)', (mode) => {
      const anchor = withBatchNormValues(architecture.init(config, 3), 4);
      const graph = architecture.graph(config);
      const permuted = new InMemoryWeights(permuteModel(graph, anchor, seededFloats(5)));
      const runningVars = anchor.names().filter((n) => n.endsWith('running_var'));
      expect(runningVars.map((n) => values(permuted)[n])).not.toEqual(runningVars.map((n) => values(anchor)[n]));
      const samples = seededImages(24, 3, 16, 6);
      try {
        const { weights } = fuseModels({ container, architecture, models: [{ config, weights: permuted }, { config, weights: anchor }], options: { mode, solver: 'emd' }, samples, batchSize: 10 });
        expect(values(weights)).toEqual(values(anchor));
      } finally {
        samples.dispose();
      }
    });

    it('keeps the anchor classifier and the last stream of channels without fuseGenerator', () => {
      const graph = architecture.graph(config, { fuseGenerator: false });
      const fixed = graph.nodes.filter((n) => n.kind === 'linear' && n.fixedOutput).map((n) => n.id);
      // The last stream starts at stage 1's projection shortcut; its one block's last convolution adds to it.
      expect(fixed).toEqual([
        'resnet.encoder.stages.1.layers.0.shortcut.convolution',
        'resnet.encoder.stages.1.layers.0.layer.1.convolution',
        'classifier.1',
      ]);
      expect(graph.nodes.find((n) => n.id === 'classifier.1')).toMatchObject({ anchorOnly: true });
    });
  });

  it('leaves no tensor behind when Sinkhorn blends BatchNorm statistics, and keeps every variance positive', () => {
    const config = normalizeResnetConfig({ model_type: 'resnet', embedding_size: 8, hidden_sizes: [8, 12], depths: [1, 1], layer_type: 'basic', num_labels: 3 });
    const wide = normalizeResnetConfig({ model_type: 'resnet', embedding_size: 12, hidden_sizes: [12, 16], depths: [1, 1], layer_type: 'basic', num_labels: 3 });
    const models = [
      { config: wide, weights: withBatchNormValues(architecture.init(wide, 1), 2) },
      { config, weights: withBatchNormValues(architecture.init(config, 3), 4) },
    ];
    const samples = seededImages(12, 3, 16, 7);
    const before = tf.memory().numTensors;
    const { weights } = fuseModels({ container, architecture, models, options: { solver: 'sinkhorn' }, samples });
    samples.dispose();
    expect(tf.memory().numTensors).toBe(before - 1);
    for (const [name, t] of weights) if (name.endsWith('running_var')) expect(Math.min(...t.data)).toBeGreaterThan(0);
  });
});
