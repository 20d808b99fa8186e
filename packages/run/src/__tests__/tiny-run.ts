import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { firstN, loadMnist } from '@otfuse/data';
import { MlpArchitecture, MlpConfig } from '@otfuse/generic-mlp';
import { writeModelFolder, writeSafetensors } from '@otfuse/io';
import { tensorEntries } from '../models/tensor-entries';
import { toYaml } from './to-yaml';
import { writeFile } from './temp-folder';

/** Examples in the data file of a tiny run (both splits). */
export const TINY_RUN_EXAMPLES = 160;

/**
 * A complete, quick `otfuse fuse` experiment in `dir`: two seeded MLPs (784 → 16 → 10), a data
 * file of the first MNIST test images, and `experiment.yaml` with finetuning and a small
 * landscape, so every stage of a run (and every output folder) is exercised in seconds.
 */
export function writeTinyRun(dir: string, extra: Record<string, unknown> = {}): string {
  const architecture = new MlpArchitecture();
  const config: MlpConfig = { inputSize: 784, hiddenSizes: [16], numLabels: 10, activation: 'relu', bias: true };
  for (const [name, seed] of [['a', 1], ['b', 2]] as const) {
    const tensors = new Map(Object.entries(architecture.init(config, seed)));
    writeModelFolder(path.join(dir, 'models', name), { config: architecture.configJson(config), tensors: tensorEntries(tensors) });
  }
  const images = firstN(loadMnist({ split: 'test' }), TINY_RUN_EXAMPLES).get(Array.from({ length: TINY_RUN_EXAMPLES }, (_, i) => i));
  fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
  writeSafetensors(path.join(dir, 'data/digits.safetensors'), {
    pixel_values: { dtype: 'F32', shape: images.shape, data: images.x },
    labels: { dtype: 'I64', shape: [TINY_RUN_EXAMPLES], data: BigInt64Array.from(images.y, (y) => BigInt(y)) },
  });
  const experiment = {
    model: { name_0: 'models/a', name_1: 'models/b', dataset: 'data/digits.safetensors' },
    fusion: { type: 'acts', ot_solver: 'emd', acts: { num_samples: 60, seq_filter: null } },
    finetune: { steps: 8, lr: 0.001, batch_size: 16, seed: 3 },
    report: { landscape: { grid: 1, samples: 40 } },
    ...extra,
  };
  return writeFile(dir, 'experiment.yaml', toYaml(experiment));
}

/** SHA-256 of every file under `dir`, by path relative to it. */
export function hashFiles(dir: string): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    hashes[path.relative(dir, file)] = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  }
  return hashes;
}
