import path from 'node:path';
import { SeededRandom } from '@otfuse/extension';
import type { Fixtures } from './fixtures';
import { REPLACEMENTS, type Replacement } from './misplaced';
import { type Mutation, mutateJson, mutateSafetensorsBytes, mutateSafetensorsHeader, mutateYaml } from './mutations';

/** Model 0's weights in ViT cases, copied once into the workspace. */
export const VIT_WEIGHTS = 'vit-a.safetensors';

export const CASE_KINDS = ['safetensors', 'config', 'sharded', 'yaml', 'misplaced'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

/** One fuzz case: the files of the case folder (model 0 and the experiment) and what was mutated. */
export interface FuzzCase {
  index: number;
  kind: CaseKind;
  files: Record<string, Buffer>;
  /** Files linked from the workspace instead of written (large ones no case changes). */
  links?: Record<string, string>;
  /** A file of `files` put in place as something else (a folder, a pipe, …). */
  replaced?: Replacement;
  /** The mutated file, relative to the case folder: the error must name it. */
  mutated: string;
  what: string;
}

const MLP_KEYS = ['model_type', 'input_size', 'hidden_sizes', 'num_labels', 'activation', 'bias'];
const VIT_KEYS = ['model_type', 'architectures', 'hidden_size', 'num_hidden_layers', 'num_attention_heads', 'intermediate_size', 'image_size', 'patch_size', 'num_channels', 'num_labels', 'hidden_act', 'layer_norm_eps', 'qkv_bias', 'id2label'];
const EXPERIMENT_KEYS = [
  'model.name_0', 'model.anchor', 'model.dataset', 'model.type', 'fusion.num_models', 'fusion.type', 'fusion.ot_solver', 'fusion.sinkhorn_reg', 'fusion.resid_policy',
  'fusion.solver_params', 'fusion.solver_params.max_iter', 'fusion.gnd_metric.type', 'fusion.gnd_metric.params', 'fusion.gnd_metric.clip_min', 'fusion.acts.num_samples',
  'fusion.acts.seq_filter', 'fusion.acts.pre_relu', 'fusion.acts.capture', 'fusion.acts.acts_filter_list', 'fusion.acts.loss_thres', 'data.params', 'data.params.std',
  'data.train_samples', 'eval.batch_size', 'finetune.steps', 'finetune.lr', 'report.landscape.grid', 'output.dir', 'regression.only_eval_ot',
];

/** The case with this index of the run seeded `seed`: the same pair always gives the same case. */
export function makeCase(fixtures: Fixtures, seed: number, index: number, workspace: string): FuzzCase {
  const random = new SeededRandom(seed * 1_000_003 + index);
  const kind = CASE_KINDS[index % CASE_KINDS.length];
  const experiment = (text: string) => Buffer.from(text.replace('name_1: mlp-b', `name_1: ${path.join(workspace, 'mlp-b')}`));
  const mlp = (weights: Buffer, config = fixtures.mlpConfig) => ({ 'model-a/config.json': config, 'model-a/model.safetensors': weights, 'experiment.yaml': experiment(fixtures.mlpExperiment) });
  const done = (files: Record<string, Buffer>, mutated: string, m: Mutation): FuzzCase => ({ index, kind, files: { ...files, [mutated]: m.bytes }, mutated, what: m.what });
  switch (kind) {
    case 'safetensors': {
      const m = random.nextFloat() < 0.5 ? mutateSafetensorsBytes(random, fixtures.mlpWeights) : mutateSafetensorsHeader(random, fixtures.mlpWeights);
      return done(mlp(fixtures.mlpWeights), 'model-a/model.safetensors', m);
    }
    case 'config': {
      if (random.nextFloat() < 0.5) return done(mlp(fixtures.mlpWeights), 'model-a/config.json', mutateJson(random, fixtures.mlpConfig, MLP_KEYS));
      const m = mutateJson(random, fixtures.vitConfig, VIT_KEYS);
      return {
        index,
        kind,
        files: { 'experiment.yaml': Buffer.from(fixtures.vitExperiment), 'model-a/config.json': m.bytes },
        links: { 'model-a/model.safetensors': path.join(workspace, VIT_WEIGHTS) },
        mutated: 'model-a/config.json',
        what: `ViT ${m.what}`,
      };
    }
    case 'sharded':
      return shardedCase(fixtures, random, index, experiment(fixtures.mlpExperiment));
    case 'yaml':
      return done(mlp(fixtures.mlpWeights), 'experiment.yaml', mutateYaml(random, experiment(fixtures.mlpExperiment).toString('utf8'), EXPERIMENT_KEYS));
    case 'misplaced':
      return misplacedCase(random, index, random.nextFloat() < 0.5 ? mlp(fixtures.mlpWeights) : shardedFiles(fixtures, experiment(fixtures.mlpExperiment)));
  }
}

/** One file of a valid case (weights, config, index, shard or the experiment) put in place as something else. */
function misplacedCase(random: SeededRandom, index: number, files: Record<string, Buffer>): FuzzCase {
  const names = Object.keys(files).sort();
  const mutated = names[random.nextInt(names.length)];
  const replaced = REPLACEMENTS[random.nextInt(REPLACEMENTS.length)];
  return { index, kind: 'misplaced', files, mutated, replaced, what: `${mutated} replaced by a ${replaced}` };
}

/** The files of a valid case whose model 0 is sharded: config, index, shards and the experiment. */
function shardedFiles(fixtures: Fixtures, experiment: Buffer): Record<string, Buffer> {
  const files: Record<string, Buffer> = { 'model-a/config.json': fixtures.mlpConfig, 'model-a/model.safetensors.index.json': fixtures.shardIndex, 'experiment.yaml': experiment };
  for (const [name, bytes] of Object.entries(fixtures.shards)) files[`model-a/${name}`] = bytes;
  return files;
}

/** A sharded model 0 with its index, or one of its shards, changed. */
function shardedCase(fixtures: Fixtures, random: SeededRandom, index: number, experiment: Buffer): FuzzCase {
  const files = shardedFiles(fixtures, experiment);
  const shardNames = Object.keys(fixtures.shards);
  const index0 = JSON.parse(fixtures.shardIndex.toString('utf8')) as { weight_map: Record<string, string> };
  const tensors = Object.keys(index0.weight_map);
  const tensor = tensors[random.nextInt(tensors.length)];
  const withMap = (change: (map: Record<string, unknown>) => void, what: string): FuzzCase => {
    const json = structuredClone(index0) as { weight_map: Record<string, unknown> };
    change(json.weight_map);
    return { index, kind: 'sharded', files: { ...files, 'model-a/model.safetensors.index.json': Buffer.from(JSON.stringify(json)) }, mutated: 'model-a/model.safetensors.index.json', what };
  };
  switch (random.nextInt(7)) {
    case 0: {
      const shard = shardNames[random.nextInt(shardNames.length)];
      delete files[`model-a/${shard}`];
      return { index, kind: 'sharded', files, mutated: 'model-a/model.safetensors.index.json', what: `shard ${shard} missing` };
    }
    case 1:
      return withMap((map) => (map[tensor] = shardNames.find((s) => s !== map[tensor])), `'${tensor}' placed in the shard that does not hold it`);
    case 2:
      return withMap((map) => (map[tensor] = ['../mlp-b/model.safetensors', '/etc/passwd', '..', 'model-a/../../x.safetensors', ''][random.nextInt(5)]), `'${tensor}' placed outside the folder`);
    case 3:
      return withMap((map) => delete map[tensor], `'${tensor}' missing from weight_map`);
    case 4:
      return withMap((map) => (map[`${tensor}.copy`] = map[tensor]), 'a tensor the shards do not hold');
    case 5: {
      const shard = shardNames[random.nextInt(shardNames.length)];
      const m = mutateSafetensorsBytes(random, fixtures.shards[shard]);
      return { index, kind: 'sharded', files: { ...files, [`model-a/${shard}`]: m.bytes }, mutated: `model-a/${shard}`, what: `${shard}: ${m.what}` };
    }
    default: {
      const m = mutateJson(random, fixtures.shardIndex, ['weight_map', 'metadata']);
      return { index, kind: 'sharded', files: { ...files, 'model-a/model.safetensors.index.json': m.bytes }, mutated: 'model-a/model.safetensors.index.json', what: m.what };
    }
  }
}
