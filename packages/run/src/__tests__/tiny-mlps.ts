import path from 'node:path';
import { firstN, loadMnist } from '@otfuse/data';
import { MlpArchitecture, MlpConfig } from '@otfuse/generic-mlp';
import { writeModelFolder } from '@otfuse/io';
import { train } from '@otfuse/train';
import { modelTask } from '../models/model-task';
import { tensorEntries } from '../models/tensor-entries';
import { trainable } from '../trainable';

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
