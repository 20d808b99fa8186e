import path from 'node:path';
import { firstN, loadMnist } from '@otfuse/data';
import { MlpArchitecture, MlpConfig } from '@otfuse/generic-mlp';
import { writeModelFolder } from '@otfuse/io';
import { train } from '@otfuse/train';
import { modelTask } from '../models/model-task';
import { tensorEntries } from '../models/tensor-entries';
import { trainable } from '../trainable';
import { writeFile } from './temp-folder';
import { toYaml } from './to-yaml';

/** Training examples the test parents learn from (the first of MNIST's train split). */
export const PARENT_TRAIN_EXAMPLES = 600;

/**
 * Trains a small MLP (784 → hidden → 10) on the first MNIST examples and writes it as a model
 * folder `dir/name` (config.json + model.safetensors); returns the folder.
 */
export async function writeTinyMlp(dir: string, name: string, hidden: number[], seed: number): Promise<string> {
  const architecture = new MlpArchitecture();
  const config: MlpConfig = { inputSize: 784, hiddenSizes: hidden, numLabels: 10, activation: 'relu', bias: true };
  const model = trainable(architecture, config, architecture.init(config, seed));
  await train(model, firstN(loadMnist({ split: 'train' }), PARENT_TRAIN_EXAMPLES), { task: modelTask(architecture, config), epochs: 2, batchSize: 32, lr: 0.003, seed });
  const folder = path.join(dir, name);
  writeModelFolder(folder, { config: architecture.configJson(config), tensors: tensorEntries(model.snapshot()) });
  model.dispose();
  return folder;
}

/** The experiment on two such MLPs from seeds 1 and 2 (`models/a`, and `models/b` the anchor), on MNIST, with a short finetune. */
export const TWO_MLP_EXPERIMENT = {
  model: { name_0: 'models/a', name_1: 'models/b', dataset: 'mnist', type: 'generic-mlp' },
  fusion: { type: 'acts', ot_solver: 'emd', acts: { num_samples: 100, seq_filter: null } },
  data: { train_samples: 600, test_samples: 300 },
  finetune: { steps: 10, lr: 0.001, batch_size: 32, seed: 3 },
};

/** Trains the two parents of {@link TWO_MLP_EXPERIMENT} into `root` and writes it as `root/experiment.yaml`; returns the file. */
export async function writeTwoMlpExperiment(root: string): Promise<string> {
  await writeTinyMlp(root, 'models/a', [32], 1);
  await writeTinyMlp(root, 'models/b', [32], 2);
  return writeFile(root, 'experiment.yaml', toYaml(TWO_MLP_EXPERIMENT));
}
