import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@otfuse/backend';
import { ResnetArchitecture } from '@otfuse/convnet';
import { InMemoryWeights } from '@otfuse/core';
import { firstN, loadMnist } from '@otfuse/data';
import { MlpArchitecture } from '@otfuse/generic-mlp';
import { readModelFolder, writeModelFolder } from '@otfuse/io';
import { evaluate, train } from '@otfuse/train';
import { removeTempFolders, tempFolder, writeFile } from '../__tests__/temp-folder';
import { toYaml } from '../__tests__/to-yaml';
import { CheckpointWeights } from '../models/checkpoint-weights';
import { modelTask } from '../models/model-task';
import { silentProgress } from '../progress';
import { trainable } from '../trainable';
import { FuseReport } from '../report/fuse-report';
import { runFuseExperiment } from './fuse-experiment';
import { planFuseExperiment } from './plan-experiment';
import { integerTensorsOf, tensorEntries } from '../models/tensor-entries';

const resnet = new ResnetArchitecture();
const resnetJson = { model_type: 'resnet', num_channels: 1, embedding_size: 4, hidden_sizes: [4, 8], depths: [1, 1], layer_type: 'basic', num_labels: 10 };
const TRAIN_SAMPLES = 300;
const RESET_SAMPLES = 64;
const FINETUNE_STEPS = 5;

let root: string;

/** A tiny ResNet trained briefly on MNIST (BatchNorm in training mode), written as otfuse writes models. */
async function writeTinyResnet(name: string, seed: number): Promise<string> {
  const config = resnet.normalizeConfig(resnetJson);
  const model = trainable(resnet, config, resnet.init(config, seed));
  await train(model, firstN(loadMnist({ layout: 'chw' }), TRAIN_SAMPLES), { task: modelTask(resnet, config), steps: 15, batchSize: 32, lr: 0.01, seed });
  const folder = path.join(root, name);
  const weights = model.snapshot();
  writeModelFolder(folder, { config: resnet.configJson(config), tensors: tensorEntries(weights, [...weights.keys()], integerTensorsOf(resnet, config)) });
  model.dispose();
  return folder;
}

const readWeights = (folder: string) => {
  const read = readModelFolder(folder);
  const weights = new CheckpointWeights(read.weights);
  try {
    return { all: weights.all(), integers: weights.integerTensors() };
  } finally {
    weights.close();
  }
};

beforeAll(async () => {
  await initBackend({ force: 'wasm', log: () => undefined });
  root = tempFolder();
  await writeTinyResnet('models/a', 1);
  await writeTinyResnet('models/b', 2);
});

afterAll(removeTempFolders);

describe('fusion.bn_reset', () => {
  let out: string;
  let report: FuseReport;

  beforeAll(async () => {
    const file = writeFile(
      root,
      'resnet.yaml',
      toYaml({
        model: { name_0: 'models/a', name_1: 'models/b', dataset: 'mnist' },
        fusion: { type: 'acts', ot_solver: 'emd', acts: { num_samples: 40, seq_filter: null }, bn_reset: { samples: RESET_SAMPLES } },
        data: { train_samples: TRAIN_SAMPLES, test_samples: 200 },
        finetune: { steps: FINETUNE_STEPS, lr: 0.001, batch_size: 16, seed: 3 },
      }),
    );
    out = path.join(root, 'runs', 'reset');
    report = (await runFuseExperiment({ file, out, replace: false, progress: silentProgress([]) })).report;
  });

  it('scores both fused models with and without the reset, and writes the reset models', () => {
    expect(report.bnReset).toEqual({ samples: RESET_SAMPLES });
    expect(report.results.map((r) => [r.name, r.oneShot?.count, r.bnReset?.count, r.finetuned?.count])).toEqual([
      ['model 0', 200, undefined, undefined],
      ['model 1 (anchor)', 200, undefined, undefined],
      ['OT fusion', 200, 200, 200],
      ['vanilla fusion', 200, 200, 200],
    ]);
    expect(report.timings.bnReset).toBeGreaterThan(0);
    expect(fs.readdirSync(out).filter((f) => fs.existsSync(path.join(out, f, 'config.json'))).sort()).toEqual(['otfused', 'otfused-bn-reset', 'otfused-finetuned', 'vanilla', 'vanilla-bn-reset', 'vanilla-finetuned']);
    const markdown = fs.readFileSync(path.join(out, 'report.md'), 'utf8');
    expect(markdown).toContain('| model | accuracy | loss | accuracy after BN reset | loss after BN reset | accuracy after finetune | loss after finetune |');
    expect(markdown).toMatch(/\| OT fusion \| \d+\.\d\d% \| \d\.\d{4} \| \d+\.\d\d% \| \d\.\d{4} \| \d+\.\d\d% \| \d\.\d{4} \|/);
  });

  it.each([
    ['otfused', 'OT fusion'],
    ['vanilla', 'vanilla fusion'],
  ])('%s-bn-reset holds the statistics of the first examples and scores as reported', async (folder, name) => {
    const fused = readWeights(path.join(out, folder)).all;
    const written = readWeights(path.join(out, `${folder}-bn-reset`)).all;
    const config = resnet.normalizeConfig(resnetJson);
    const batch = loadMnist({ layout: 'chw' }).get(Array.from({ length: RESET_SAMPLES }, (_, i) => i));
    const pixels = tf.tensor(batch.x, batch.shape);
    const expected = resnet.resetNormStatistics(config, new InMemoryWeights(fused), pixels);
    pixels.dispose();
    for (const [tensor, value] of expected) expect(written.get(tensor)!.data).toEqual(value.data);
    const model = trainable(resnet, config, written);
    const score = await evaluate(model, firstN(loadMnist({ split: 'test', layout: 'chw' }), 200), { task: modelTask(resnet, config) });
    model.dispose();
    expect(score.accuracy).toBe(report.results.find((r) => r.name === name)!.bnReset!.accuracy);
  });

  it('stores batch counters as I64 in every folder; finetuning starts from the reset model and counts its batches', () => {
    const counter = 'resnet.embedder.embedder.normalization.num_batches_tracked';
    const counts: Record<string, number> = {};
    for (const folder of ['otfused', 'otfused-bn-reset', 'otfused-finetuned', 'vanilla-finetuned']) {
      const { all, integers } = readWeights(path.join(out, folder));
      expect([...integers.keys()].sort()).toEqual(resnet.buffers(resnet.normalizeConfig(resnetJson)).filter((n) => n.endsWith('num_batches_tracked')).sort());
      expect(new Set(integers.values())).toEqual(new Set(['I64']));
      expect(all.get(counter)!.shape).toEqual([]);
      counts[folder] = all.get(counter)!.data[0];
    }
    expect(counts).toEqual({ otfused: 15, 'otfused-bn-reset': 1, 'otfused-finetuned': 1 + FINETUNE_STEPS, 'vanilla-finetuned': 1 + FINETUNE_STEPS });
  });
});

describe('fusion.bn_reset without BatchNorm', () => {
  it('is a ConfigError naming the key, before any data is read (and in the dry run)', async () => {
    const dir = tempFolder();
    const mlp = new MlpArchitecture();
    const config = mlp.normalizeConfig({ model_type: 'otfuse-mlp', input_size: 784, hidden_sizes: [8], num_labels: 10 });
    for (const [name, seed] of [['a', 1], ['b', 2]] as const) {
      writeModelFolder(path.join(dir, name), { config: mlp.configJson(config), tensors: tensorEntries(new Map(Object.entries(mlp.init(config, seed)))) });
    }
    const file = writeFile(dir, 'mlp.yaml', toYaml({ model: { name_0: 'a', name_1: 'b', dataset: 'mnist' }, fusion: { bn_reset: { samples: 10 } } }));
    const expected = expect.objectContaining({ name: 'ConfigError', message: expect.stringContaining("fusion.bn_reset: architecture 'generic-mlp' has no normalisation statistics to reset") });
    await expect(runFuseExperiment({ file, out: path.join(dir, 'out'), replace: false, progress: silentProgress([]) })).rejects.toEqual(expected);
    expect(() => planFuseExperiment(file)).toThrow(expected);
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });
});
