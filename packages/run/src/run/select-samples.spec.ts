import { initBackend } from '@otfuse/backend';
import { InMemoryWeights } from '@otfuse/core';
import { ArrayDataset } from '@otfuse/data';
import { MlpArchitecture, MlpConfig } from '@otfuse/generic-mlp';
import { selectSamples } from './select-samples';

// One linear layer without bias: logits [s·x, -s·x], so the loss of label 0 is log(1 + e^(-2·s·x)).
const architecture = new MlpArchitecture();
const config: MlpConfig = { inputSize: 1, hiddenSizes: [], numLabels: 2, activation: 'relu', bias: false };
const model = (scale: number) => ({ config, weights: new InMemoryWeights({ 'layers.0.weight': { shape: [2, 1], data: Float32Array.of(scale, -scale) } }) });
// Losses, scale 1: 0.0025, 6.0025, 0.018, 0.693, 0.00005; scale 0.5: 0.049, 3.05, 0.127, 0.693, 0.0067.
const train = new ArrayDataset({ name: 'toy', split: 'train', inputShape: [1], numClasses: 2, x: Float32Array.of(3, -3, 2, 0, 5), y: Int32Array.of(0, 0, 0, 0, 0) });

function select(count: number, filters: { lossThreshold?: number; allowList?: boolean[] }, warnings: string[] = []) {
  const result = selectSamples({ train, selection: { count, ...filters }, architecture, models: [model(1), model(0.5)], batchSize: 2, warn: (w) => warnings.push(w) });
  const inputs = Array.from(result.inputs.dataSync());
  result.inputs.dispose();
  return { ...result, inputs };
}

beforeAll(() => initBackend({ force: 'wasm', log: () => undefined }));

describe('choosing the examples whose activations describe neurons', () => {
  it('takes the first examples in order, all of them with a warning when there are fewer', () => {
    expect(select(3, {})).toMatchObject({ indices: [0, 1, 2], inputs: [3, -3, 2], requested: 3, rejectedByLoss: 0 });
    const warnings: string[] = [];
    expect(select(8, {}, warnings).indices).toEqual([0, 1, 2, 3, 4]);
    expect(warnings).toEqual(['fusion.acts.num_samples is 8 but only 5 train examples exist; using 5']);
  });

  it('keeps an example only if its loss is below the threshold in every model', () => {
    expect(select(1, { lossThreshold: 0.1 })).toMatchObject({ indices: [0], inputs: [3], rejectedByLoss: 0 });
    const warnings: string[] = [];
    expect(select(5, { lossThreshold: 0.1 }, warnings)).toMatchObject({ indices: [0, 4], inputs: [3, 5], rejectedByLoss: 3 });
    expect(warnings).toEqual(['fusion.acts.num_samples is 5 but only 2 train examples that pass the filters exist; using 2']);
    expect(select(5, { lossThreshold: 0.2 }).indices).toEqual([0, 2, 4]);
  });

  it('uses only the examples an allow list marks, and none past its end', () => {
    expect(select(5, { allowList: [true, false, true] }).indices).toEqual([0, 2]);
    expect(select(5, { allowList: [false, true, true, true, true, true], lossThreshold: 0.2 }).indices).toEqual([2, 4]);
  });

  it('fails when no example passes', () => {
    expect(() => select(5, { lossThreshold: 1e-6 })).toThrow('fusion.acts.loss_thres: none of the 5 train examples has a loss ≤ 0.000001 in every model');
    expect(() => select(5, { allowList: [false] })).toThrow('fusion.acts.acts_filter_list: it allows no train example');
  });
});
