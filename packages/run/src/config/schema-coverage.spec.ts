import fs from 'node:fs';
import path from 'node:path';
import { GOLDEN_DIR, removeTempFolders, tempFolder, writeFile } from '../__tests__/temp-folder';
import { toYaml } from '../__tests__/to-yaml';
import { EXPERIMENT_SCHEMA } from './experiment-schema';
import { loadExperiment } from './experiment';
import { ConfigValues, Schema } from './schema';
import { loadTrainingRun } from './train-config';
import { TRAIN_SCHEMA } from './train-schema';

afterAll(removeTempFolders);

/** Every key the code reads from a loaded file, by spying on ConfigValues' accessors. */
function keysRead(load: () => unknown): Set<string> {
  const read = new Set<string>();
  const spies = (['get', 'optional', 'has'] as const).map((method) => {
    const original = ConfigValues.prototype[method] as (key: string) => unknown;
    return jest.spyOn(ConfigValues.prototype, method).mockImplementation(function (this: ConfigValues, key: string) {
      read.add(key);
      return original.call(this, key);
    } as never);
  });
  try {
    load();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return read;
}

/** Keys of a schema no code reads: neither read, nor only validated (`unsupported`), nor documented as ignored. */
function unread(schema: Schema, read: Set<string>): string[] {
  return schema
    .filter((spec) => spec.type !== 'section' && spec.ignored !== true && spec.unsupported === undefined)
    .map((spec) => spec.key.replace('<i>', '0'))
    .filter((key) => !read.has(key));
}

describe('every documented key is read by the code', () => {
  it('experiment files', () => {
    const paper = JSON.parse(fs.readFileSync(path.join(GOLDEN_DIR, 'vit-tiny', 'cases.json'), 'utf8')).cases.find((c: { name: string }) => c.name === 'yaml').config;
    const everything = {
      ...paper,
      model: { ...paper.model, anchor: 0, type: 'hf_vit' },
      fusion: {
        ...paper.fusion,
        pca: true,
        pca_k: 8,
        solver_params: { max_iter: 10 },
        gnd_metric: { ...paper.fusion.gnd_metric, params: { any: 1 } },
        acts: { ...paper.fusion.acts, acts_filter_list: [true], capture: { any: 1 } },
        bn_reset: { samples: 16 },
      },
      data: { train_samples: 10, test_samples: 10, dir: 'data', params: { any: 1 } },
      finetune: { steps: 1, lr: 0.1, batch_size: 4, optimizer: 'sgd', seed: 1 },
      eval: { batch_size: 8 },
      output: { dir: 'out' },
    };
    delete everything.fusion.sinkhorn_reg;
    const file = writeFile(tempFolder(), 'experiment.yaml', toYaml(everything));
    const withReg = writeFile(tempFolder(), 'experiment.yaml', toYaml({ ...everything, fusion: { ...everything.fusion, solver_params: { any: 1 }, sinkhorn_reg: 0.1 } }));
    const read = new Set([...keysRead(() => loadExperiment(file)), ...keysRead(() => loadExperiment(withReg))]);
    expect(unread(EXPERIMENT_SCHEMA, read)).toEqual([]);
  });

  it('training files', () => {
    const file = writeFile(
      tempFolder(),
      'train.yaml',
      toYaml({
        model: { type: 'generic-mlp', config: { model_type: 'otfuse-mlp' } },
        data: { dataset: 'mnist', train_samples: 10, test_samples: 10, dir: 'd', params: { any: 1 } },
        train: { seed: 1, steps: 2, batch_size: 4, lr: 0.1, optimizer: 'sgd', momentum: 0.9, weight_decay: 0 },
        eval: { batch_size: 8 },
        output: { dir: 'out' },
      }),
    );
    const epochs = writeFile(tempFolder(), 'train.yaml', toYaml({ model: { type: 'generic-mlp', config: { model_type: 'otfuse-mlp' } }, data: { dataset: 'mnist' }, train: { epochs: 1, lr: 0.1 } }));
    const read = new Set([...keysRead(() => loadTrainingRun(file)), ...keysRead(() => loadTrainingRun(epochs))]);
    expect(unread(TRAIN_SCHEMA, read)).toEqual([]);
  });

  it('reading a key the schema lacks is an error, not undefined', () => {
    const experiment = writeFile(tempFolder(), 'experiment.yaml', toYaml({ model: { name_0: 'a', name_1: 'b', dataset: 'mnist' } }));
    expect(() =>
      keysRead(() => {
        loadExperiment(experiment);
        // The accessor a mistyped key would reach:
        new ConfigValues(new Map(), new Set(), EXPERIMENT_SCHEMA).optional('fusion.sinkhorn_rge');
      }),
    ).toThrow("'fusion.sinkhorn_rge' is not a key of this configuration schema");
  });
});
