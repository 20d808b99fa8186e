import fs from 'node:fs';
import path from 'node:path';
import { initBackend } from '@otfuse/backend';
import { readModelFolder } from '@otfuse/io';
import { removeTempFolders, tempFolder, writeFile } from '../__tests__/temp-folder';
import { toYaml } from '../__tests__/to-yaml';
import { silentProgress } from '../progress';
import { runTraining } from './train-run';

let root: string;
const mlp = { model_type: 'otfuse-mlp', input_size: 784, hidden_sizes: [32], num_labels: 10 };
const config = {
  model: { type: 'generic-mlp', config: mlp },
  data: { dataset: 'mnist', train_samples: 600, test_samples: 300 },
  train: { seed: 4, epochs: 2, batch_size: 32, lr: 0.003 },
  output: { dir: 'out/mlp' },
};

beforeAll(async () => {
  await initBackend({ force: 'wasm', log: () => undefined });
  root = tempFolder();
});
afterAll(removeTempFolders);

const write = (name: string, content: unknown) => writeFile(root, name, toYaml(content));

describe('otfuse train', () => {
  it('trains a seeded model and writes a HuggingFace folder with training.json', async () => {
    const { outputDir, summary } = await runTraining({ file: write('mlp.yaml', config), replace: false, progress: silentProgress() });
    expect(outputDir).toBe(path.join(root, 'out/mlp'));
    expect(fs.readdirSync(outputDir).sort()).toEqual(['README.md', 'config.json', 'model.safetensors', 'training.json']);
    const folder = readModelFolder(outputDir);
    expect(folder.config).toEqual({ ...mlp, architectures: ['OtfuseMlp'], activation: 'relu', bias: true });
    expect(folder.weights.names().sort()).toEqual(['layers.0.bias', 'layers.0.weight', 'layers.1.bias', 'layers.1.weight']);
    expect(folder.weights.info('layers.0.weight')).toMatchObject({ dtype: 'F32', shape: [32, 784] });
    folder.weights.close();

    expect(JSON.parse(fs.readFileSync(path.join(outputDir, 'training.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(summary)));
    expect(summary.test.count).toBe(300);
    expect(summary.test.accuracy).toBeGreaterThan(0.6);
    expect(summary.training).toMatchObject({ seed: 4, epochs: 2, stepsRun: 38, batchSize: 32 });
    // 38 steps of 32 examples: long enough to compile the step (onnxruntime-node is installed here).
    expect(summary.training.engine).toMatch(/^training steps: one onnxruntime-node graph per step \(\d+ kernels\)$/);
    expect(summary.parameters).toBe(32 * 784 + 32 + 10 * 32 + 10);
    expect(summary.trainLoss.last).toBeLessThan(2.3);
    expect(summary.data).toMatchObject({ dataset: 'mnist', layout: 'flat', trainExamples: 600, testExamples: 300 });
    expect(Object.keys(summary.seconds)).toEqual(['data', 'training', 'evaluation', 'writing', 'total']);
  });

  it('gives the same weights for the same seed, and counts steps when asked for steps', async () => {
    const again = await runTraining({ file: write('mlp.yaml', config), out: path.join(root, 'again'), replace: false, progress: silentProgress() });
    const bytes = (dir: string) => fs.readFileSync(path.join(dir, 'model.safetensors'));
    expect(bytes(again.outputDir).equals(bytes(path.join(root, 'out/mlp')))).toBe(true);

    const steps = await runTraining({ file: write('steps.yaml', { ...config, train: { steps: 5 }, output: { dir: 'out/steps' } }), replace: false, progress: silentProgress() });
    expect(steps.summary.training).toMatchObject({ steps: 5, stepsRun: 5, seed: 0, lr: 0.001, optimizer: 'adam', engine: 'training steps on tfjs: fewer than 8 steps' });
    expect(steps.summary.training.epochs).toBeUndefined();
  });

  it.each([
    [{ train: { epochs: 1, steps: 3 } }, 'train.steps: give train.epochs or train.steps, not both'],
    [{ train: { momentum: 0.9 } }, "train.momentum: only used by optimizer 'sgd'"],
    [{ model: { type: 'generic_mpl', config: mlp } }, "model.type: no architecture 'generic_mpl'; did you mean 'generic-mlp'?"],
    [{ model: { type: 'generic-mlp', config: { ...mlp, hidden_sizes: 'wide' } } }, 'model.config › config.json › hidden_sizes: expected a list of layer widths'],
    [{ data: { dataset: 'mnsit' } }, "data.dataset: no data set 'mnsit' (and it does not name a .safetensors file); did you mean 'mnist'?"],
    [{ data: { dataset: 'fashion-mnist', dir: 'x' } }, "data.dir: data set 'fashion-mnist' reads no folder"],
    [{ model: { type: 'generic-mlp', config: { ...mlp, num_labels: 5 } } }, "model (generic-mlp): outputs logits [1, 5] for one example, but 'mnist' has 10 classes"],
    [{ model: { type: 'generic-mlp', config: { ...mlp, input_size: 100 } } }, "model (generic-mlp) cannot read examples of 'mnist' shaped [784] (layout 'flat')"],
    [{ data: { dataset: 'mnist', params: { mena: 0.1 } } }, "data.params.mena: data set 'mnist' has no parameter 'mena'; did you mean 'mean'?"],
    [{ data: { dataset: 'mnist', params: { split: 'test' } } }, 'data.params.split: the split is chosen by otfuse'],
    [{ evaluation: {} }, 'evaluation: unknown key; known keys: model, data, train, eval, output'],
    [{ trian: {} }, "trian: unknown key; did you mean 'train'?"],
  ])('refuses a bad training file (%#)', async (change, message) => {
    const file = write('bad.yaml', { ...config, output: { dir: 'out/bad' }, ...change });
    await expect(runTraining({ file, replace: false, progress: silentProgress() })).rejects.toThrow(message);
    expect(fs.existsSync(path.join(root, 'out/bad'))).toBe(false);
  });
});
