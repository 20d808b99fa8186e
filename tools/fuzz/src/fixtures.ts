import fs from 'node:fs';
import path from 'node:path';
import { encodeSafetensors } from '@otfuse/io';
import { MlpArchitecture } from '@otfuse/generic-mlp';
import { VIT_WEIGHTS } from './cases';

/** The golden ViT pair kept in the repository: real HuggingFace files, for config.json mutations. */
export const GOLDEN_VIT = path.resolve(__dirname, '../../../testdata/golden/vit-tiny/models');

/** The valid inputs every case starts from, as bytes. */
export interface Fixtures {
  mlpConfig: Buffer;
  /** Model 0's weights (the file mutated), and model 1's folder, left alone. */
  mlpWeights: Buffer;
  /** Model 0 as a sharded checkpoint: the index and its two shards. */
  shardIndex: Buffer;
  shards: Record<string, Buffer>;
  vitConfig: Buffer;
  /** The experiment files for each pair. */
  mlpExperiment: string;
  vitExperiment: string;
}

const MLP_CONFIG = { model_type: 'otfuse-mlp', input_size: 8, hidden_sizes: [6, 5], num_labels: 3, activation: 'relu', bias: true };

function mlpTensors(seed: number): [string, { dtype: 'F32'; shape: number[]; data: Float32Array }][] {
  const mlp = new MlpArchitecture();
  const init = mlp.init(mlp.normalizeConfig(MLP_CONFIG), seed);
  return Object.entries(init).map(([name, t]) => [name, { dtype: 'F32', shape: t.shape, data: t.data }]);
}

/**
 * Writes the fixed parts of the workspace into `dir` (model 1 of each pair, whose files are never
 * mutated) and returns the bytes the cases mutate.
 */
export function prepareFixtures(dir: string): Fixtures {
  const mlpConfig = Buffer.from(JSON.stringify(MLP_CONFIG, null, 2));
  fs.copyFileSync(path.join(GOLDEN_VIT, 'parent0', 'model.safetensors'), path.join(dir, VIT_WEIGHTS));
  fs.mkdirSync(path.join(dir, 'mlp-b'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'mlp-b', 'config.json'), mlpConfig);
  fs.writeFileSync(path.join(dir, 'mlp-b', 'model.safetensors'), encodeSafetensors(mlpTensors(2)));
  const tensors = mlpTensors(1);
  const mlpWeights = encodeSafetensors(tensors, { metadata: { format: 'pt' } });
  const half = Math.ceil(tensors.length / 2);
  const shards = {
    'model-00001-of-00002.safetensors': encodeSafetensors(tensors.slice(0, half)),
    'model-00002-of-00002.safetensors': encodeSafetensors(tensors.slice(half)),
  };
  const weightMap = Object.fromEntries(tensors.map(([name], i) => [name, i < half ? 'model-00001-of-00002.safetensors' : 'model-00002-of-00002.safetensors']));
  const shardIndex = Buffer.from(JSON.stringify({ metadata: { total_size: tensors.reduce((a, [, t]) => a + 4 * t.data.length, 0) }, weight_map: weightMap }, null, 2));
  const experiment = (m0: string, m1: string, acts: string) =>
    `model:\n  name_0: ${m0}\n  name_1: ${m1}\n  dataset: mnist\nfusion:\n  num_models: 2\n  type: acts\n  ot_solver: emd\n  sinkhorn_reg: 0.08\n  gnd_metric: { type: euclidean, norm: max, squared: False }\n  acts: { num_samples: 20, seq_filter: ${acts}, pre_relu: True, std: True }\n  wts: { norm: True }\neval: { batch_size: 8 }\n`;
  return {
    mlpConfig,
    mlpWeights,
    shardIndex,
    shards,
    vitConfig: fs.readFileSync(path.join(GOLDEN_VIT, 'parent0', 'config.json')),
    mlpExperiment: experiment('model-a', 'mlp-b', 'None'),
    vitExperiment: experiment('model-a', path.join(GOLDEN_VIT, 'parent1'), 'window_6'),
  };
}
