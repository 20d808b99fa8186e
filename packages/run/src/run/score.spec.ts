import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@otfuse/backend';
import { firstN, loadMnist } from '@otfuse/data';
import { MlpArchitecture, type MlpConfig } from '@otfuse/generic-mlp';
import { modelTask } from '../models/model-task';
import { scoreModel } from './score';

describe('scoring a model', () => {
  it('leaves no tensor behind: the weights are not kept in the heap after the score', async () => {
    await initBackend({ force: 'wasm', log: () => undefined });
    const architecture = new MlpArchitecture();
    const config: MlpConfig = { inputSize: 784, hiddenSizes: [16], numLabels: 10, activation: 'relu', bias: true };
    const weights = new Map(Object.entries(architecture.init(config, 1)));
    const test = firstN(loadMnist({ split: 'test' }), 200);
    const before = tf.memory();
    const score = await scoreModel({ architecture, config, task: modelTask(architecture, config), weights }, test, 64);
    expect(score.count).toBe(200);
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numBytes).toBe(before.numBytes);
  });
});
