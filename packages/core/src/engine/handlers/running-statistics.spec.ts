import * as tf from '@tensorflow/tfjs';
import { useTestBackend } from '../../__tests__/setup-backend';
import { GraphBuilder } from '../../graph/builder';
import { NormNode } from '../../graph/nodes';
import { TransportMap } from '../transport-map';
import { InMemoryWeights } from '../../weights';
import { AlignContext } from './context';
import { alignNorm } from './norm';
import { mixtureVariance } from './running-statistics';

beforeAll(useTestBackend);

const variance = (mean: number[], v: number[], map: TransportMap) =>
  tf.tidy(() => Array.from(mixtureVariance(tf.tensor1d(mean), tf.tensor1d(v), map, 'bn.running_var').dataSync()));

describe('running statistics under a transport map', () => {
  it('gives the variance of the mixture each column blends', () => {
    // Column 0 draws neuron 0 (mean 0, var 1) with weight 3/4 and neuron 1 (mean 2, var 3) with 1/4:
    // E[z²] = 3/4·1 + 1/4·(3 + 4) = 2.5, mean 0.5 → 2.25. Column 1 likewise: 3.25.
    const soft: TransportMap = { n0: 2, n1: 2, data: Float32Array.of(0.75, 0.25, 0.25, 0.75) };
    expect(variance([0, 2], [1, 3], soft)).toEqual([2.25, 3.25]);
  });

  it('scales by the column mass in heterogeneous maps (z′ = c·z_I)', () => {
    // Two neurons into one: T = [[1], [1]] (the plan ×n0), c = 2, mixture variance 3, times c² = 12.
    expect(variance([0, 2], [1, 3], { n0: 2, n1: 1, data: Float32Array.of(1, 1) })).toEqual([12]);
  });

  it('permutes the variances exactly under a permutation', () => {
    const permutation: TransportMap = { n0: 3, n1: 3, data: Float32Array.of(0, 1, 0, 0, 0, 1, 1, 0, 0) };
    expect(variance([10.3, -7.1, 1e3], [0.013, 2.7, 5e-4], permutation)).toEqual([Math.fround(5e-4), Math.fround(0.013), Math.fround(2.7)]);
  });

  it('is applied by the norm handler to the named variance, the mean following the map', () => {
    const node: NormNode = {
      kind: 'norm',
      id: 'bn',
      params: ['bn.weight', 'bn.running_mean', 'bn.running_var'],
      input: 'conv',
      runningStatistics: { mean: 'bn.running_mean', variance: 'bn.running_var' },
    };
    const model = new InMemoryWeights({
      'bn.weight': { shape: [2], data: Float32Array.of(1, 5) },
      'bn.running_mean': { shape: [2], data: Float32Array.of(0, 2) },
      'bn.running_var': { shape: [2], data: Float32Array.of(1, 3) },
    });
    const map: TransportMap = { n0: 2, n1: 2, data: Float32Array.of(0.75, 0.25, 0.25, 0.75) };
    const ctx = { model, inputMap: () => map } as unknown as AlignContext;
    const before = tf.memory().numTensors;
    const { params } = alignNorm(node, ctx);
    const values = Object.fromEntries([...params].map(([name, t]) => [name, Array.from(t.dataSync())]));
    params.forEach((t) => t.dispose());
    expect(values).toEqual({ 'bn.weight': [2, 4], 'bn.running_mean': [0.5, 1.5], 'bn.running_var': [2.25, 3.25] });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('must name two of the node’s own params', () => {
    const g = new GraphBuilder();
    g.norm({ id: 'bn', params: ['bn.running_mean'], input: null, runningStatistics: { mean: 'bn.running_mean', variance: 'bn.running_var' } });
    expect(() => g.build()).toThrow("bn: running statistic 'bn.running_var' is not one of its params");
  });
});
