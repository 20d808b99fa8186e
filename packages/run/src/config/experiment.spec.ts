import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_FUSION_OPTIONS, resolveFusionOptions } from '@otfuse/core';
import { GOLDEN_DIR, removeTempFolders, tempFolder, writeFile } from '../__tests__/temp-folder';
import { toYaml } from '../__tests__/to-yaml';
import { Experiment, loadExperiment } from './experiment';

type Section = Record<string, unknown>;
/** The paper's file as an editable object. */
interface PaperConfig {
  model: Section;
  fusion: Section & { acts: Section; gnd_metric: Section; wts: Section };
  [section: string]: unknown;
}
interface GoldenCase {
  name: string;
  config: PaperConfig;
}

const goldenCases = (set: string): GoldenCase[] => JSON.parse(fs.readFileSync(path.join(GOLDEN_DIR, set, 'cases.json'), 'utf8')).cases;
const paperConfig = () => structuredClone(goldenCases('vit-tiny').find((c) => c.name === 'yaml')!.config);

/** Writes a config as the YAML file the reference would read, and loads it. */
function load(config: unknown, dir = tempFolder()): Experiment {
  return loadExperiment(writeFile(dir, 'experiment.yaml', toYaml(config)));
}

/** The message of the ConfigError loading this config throws. */
function failure(config: unknown): string {
  try {
    load(config);
  } catch (error) {
    expect((error as Error).name).toBe('ConfigError');
    return (error as Error).message;
  }
  throw new Error('expected the config to be refused');
}

function edit(change: (config: PaperConfig) => void): PaperConfig {
  const config = paperConfig();
  change(config);
  return config;
}

afterAll(removeTempFolders);

describe("the paper's experiment file", () => {
  it("maps the golden 'yaml' case onto the library's options", () => {
    const dir = tempFolder();
    const experiment = load(paperConfig(), dir);
    expect(experiment.models).toEqual([path.join(dir, 'models/cifar10_model'), path.join(dir, 'models/cifar10_anchor')]);
    expect(experiment.anchor).toBe(1);
    expect(experiment.architecture).toBe('hf_vit');
    expect(experiment.data.source).toEqual({ kind: 'registered', id: 'cifar10' });
    expect(experiment.samples).toEqual({ count: 200 });
    expect(experiment.capture).toEqual({ seq_filter: 'window_6', pre_relu: true });
    expect(experiment.evaluateAll).toBe(true);
    expect(experiment.finetune).toBeUndefined();
    expect(experiment.fusion).toEqual({
      mode: 'acts',
      solver: 'sinkhorn',
      solverParams: {},
      sinkhornReg: 0.08,
      residualPolicy: 'mean',
      qkFusion: 'separate',
      attentionHeads: 'mixed',
      groundMetric: { type: 'euclidean', params: { squared: false }, norm: 'max', clip: false, clipMin: 5, clipMax: 0, reg: 0.01 },
      acts: { std: true, center: true, norm: true },
      weightsNorm: true,
      fuseGenerator: true,
      anchor: 1,
    });
    // The paper's file states the paper's defaults, which are core's: the one table.
    expect(resolveFusionOptions({ ...experiment.fusion, groundMetric: { ...experiment.fusion.groundMetric, params: {} } }, 2)).toEqual({ ...DEFAULT_FUSION_OPTIONS, anchor: 1 });
    expect(() => resolveFusionOptions(experiment.fusion, 2)).not.toThrow();
  });

  // Each golden case changes a few keys of the paper's file: every change must reach the options.
  const mapped: Record<string, (e: Experiment) => unknown> = {
    'fusion.ot_solver': (e) => e.fusion.solver,
    'fusion.type': (e) => e.fusion.mode,
    'fusion.sinkhorn_reg': (e) => e.fusion.sinkhornReg,
    'fusion.resid_policy': (e) => e.fusion.residualPolicy,
    'fusion.qk_fusion': (e) => e.fusion.qkFusion,
    'fusion.fuse_gen': (e) => e.fusion.fuseGenerator,
    // The paper's "no filter" (null) is the architectures' 'none'.
    'fusion.acts.seq_filter': (e) => (e.capture.seq_filter === 'none' ? null : e.capture.seq_filter),
    'fusion.acts.num_samples': (e) => e.samples.count,
  };
  const flatten = (value: object, prefix = ''): [string, unknown][] =>
    Object.entries(value).flatMap(([k, v]) => (v !== null && typeof v === 'object' ? flatten(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v]]));

  for (const set of ['vit-tiny', 'vit-tiny-b']) {
    it(`reads every ${set} golden case and maps how it differs from the paper's file`, () => {
      const cases = goldenCases(set);
      const base = new Map(flatten(cases.find((c) => c.name === 'yaml')!.config));
      expect(cases.length).toBeGreaterThan(10);
      let changes = 0;
      for (const goldenCase of cases) {
        const experiment = load(goldenCase.config);
        for (const [key, value] of flatten(goldenCase.config)) {
          // `heterogeneous` is written by the reference itself; otfuse reads it from the models.
          if (!key.startsWith('fusion.') || key === 'fusion.heterogeneous' || base.get(key) === value) continue;
          changes++;
          expect([goldenCase.name, key, key in mapped]).toEqual([goldenCase.name, key, true]);
          expect([goldenCase.name, key, mapped[key](experiment)]).toEqual([goldenCase.name, key, value]);
        }
      }
      expect(changes).toBeGreaterThan(10);
    });
  }

  it('reads data files, anchors, PCA, the loss filter and finetuning', () => {
    const dir = tempFolder();
    const experiment = load(
      edit((c) => {
        c.model.dataset = 'data/inputs.safetensors';
        c.model.anchor = 0;
        c.fusion.pca = true;
        c.fusion.pca_k = 16;
        c.fusion.acts.loss_thres = 0.5;
        c.fusion.acts.seq_filter = 'None';
        c.fusion.acts.seed = 7;
        c.finetune = { steps: 20, lr: 0.001 };
        c.output = { dir: 'out' };
      }),
      dir,
    );
    expect(experiment.data.source).toEqual({ kind: 'file', path: path.join(dir, 'data/inputs.safetensors') });
    expect(experiment.fusion.anchor).toBe(0);
    expect(experiment.fusion.acts).toEqual({ std: true, center: true, norm: true, pcaK: 16 });
    expect(experiment.samples).toEqual({ count: 200, lossThreshold: 0.5 });
    expect(experiment.capture.seq_filter).toBe('none');
    expect(experiment.finetune).toEqual({ steps: 20, lr: 0.001, batchSize: 32, optimizer: 'adam', seed: 7 });
    expect(experiment.outputDir).toBe(path.join(dir, 'out'));
  });

  it('fills every default when only the models and the data set are given', () => {
    const experiment = load({ model: { name_0: 'a', name_1: 'b', dataset: 'mnist' } });
    const { groundMetric, ...paper } = load(paperConfig()).fusion;
    expect(experiment.fusion).toEqual({ ...paper, groundMetric: { ...groundMetric, params: {} } });
    // Capture parameters left out take the architecture's defaults (hf-vit: the paper's).
    expect(experiment.capture).toEqual({});
    expect(experiment.architecture).toBeUndefined();
  });

  it("passes extensions' parameters on: solver_params, the metric's params and capture parameters", () => {
    const experiment = load(
      edit((c) => {
        delete c.fusion.sinkhorn_reg;
        c.fusion.solver_params = { max_iter: 5000, reg: 0.05 };
        delete c.fusion.gnd_metric.squared;
        c.fusion.gnd_metric.params = { squared: true };
        c.fusion.acts.seq_filter = false;
        c.fusion.acts.capture = { seed: 3 };
      }),
    );
    expect(experiment.fusion.solverParams).toEqual({ max_iter: 5000, reg: 0.05 });
    expect(experiment.fusion.groundMetric?.params).toEqual({ squared: true });
    expect(experiment.capture).toEqual({ seed: 3, seq_filter: 'none', pre_relu: true });
    const twice = failure(
      edit((c) => {
        c.fusion.solver_params = { reg: 0.05 };
        c.fusion.gnd_metric.params = { squared: true };
        c.fusion.acts.capture = { seq_filter: 'only_cls' };
      }),
    );
    expect(twice).toContain('fusion.sinkhorn_reg: also given as fusion.solver_params.reg; keep one');
    expect(twice).toContain('fusion.gnd_metric.squared: also given as fusion.gnd_metric.params.squared; keep one');
    expect(twice).toContain('fusion.acts.seq_filter: also given as fusion.acts.capture.seq_filter; keep one');
  });
});

describe('bad experiment files', () => {
  it('names an unknown key and suggests the closest known one', () => {
    expect(failure(edit((c) => (c.fusion.resid_polcy = c.fusion.resid_policy)))).toContain("fusion.resid_polcy: unknown key; did you mean 'resid_policy'?");
    expect(failure(edit((c) => (c.fusion.gnd_metric.sqaured = true)))).toContain("fusion.gnd_metric.sqaured: unknown key; did you mean 'squared'?");
    expect(failure(edit((c) => (c.fusoin = {})))).toContain("fusoin: unknown key; did you mean 'fusion'?");
    expect(failure(edit((c) => (c.model.nme_1 = 'x')))).toContain("model.nme_1: unknown key; did you mean 'name_0'?");
    expect(failure(edit((c) => (c.fusion.wts.banana = 1)))).toContain('fusion.wts.banana: unknown key; known keys: norm');
  });

  it('refuses values it cannot honour, naming each key', () => {
    const message = failure(
      edit((c) => {
        c.fusion.fuse_sa = false;
        c.fusion.fuse_bias = false;
        c.fusion.acts.avg_seq_items = true;
        c.fusion.acts.mode = 'meanstd';
        c.fusion.acts.seq_pos = 3;
        c.fusion.fusion_t_w_in = true;
      }),
    );
    for (const key of ['fusion.fuse_sa: false', 'fusion.fuse_bias: false', 'fusion.acts.avg_seq_items: true', "fusion.acts.mode: 'meanstd'", 'fusion.acts.seq_pos: 3', 'fusion.fusion_t_w_in: true']) {
      expect(message).toContain(`${key} is not supported`);
    }
  });

  it.each([
    [(c: PaperConfig) => (c.fusion.sinkhorn_reg = -1), 'fusion.sinkhorn_reg: expected number > 0, got -1'],
    [(c: PaperConfig) => (c.fusion.type = 'weights'), "fusion.type: expected 'acts' | 'wts', got 'weights'"],
    [(c: PaperConfig) => (c.fusion.acts.loss_thres = true), 'fusion.acts.loss_thres: expected false or number > 0, got true'],
    [(c: PaperConfig) => ((c.fusion.acts as Section).seq_filter = 6), 'fusion.acts.seq_filter: expected empty (null) or false or string, got 6'],
    [(c: PaperConfig) => (c.fusion.num_models = 1), 'fusion.num_models: expected integer ≥ 2, got 1'],
    [(c: PaperConfig) => delete c.model.name_1, 'model.name_1: missing (fusion.num_models is 2'],
    [(c: PaperConfig) => (c.model.name_2 = 'c'), 'model.name_2: fusion.num_models is 2, so only name_0 … name_1 are read'],
    [(c: PaperConfig) => (c.model.anchor = 2), 'model.anchor: 2 is not a model index'],
    [(c: PaperConfig) => delete c.model.dataset, 'model.dataset: missing'],
    [(c: PaperConfig) => ((c.fusion as Section).gnd_metric = 'max'), "fusion.gnd_metric: expected a mapping of keys, got 'max'"],
    [(c: PaperConfig) => (c.finetune = { lr: 0.1 }), 'finetune.steps: missing'],
  ])('refuses a bad value (%#)', (change, message) => {
    expect(failure(edit(change))).toContain(message);
  });

  it('lists every problem of a file in one error', () => {
    const message = failure(
      edit((c) => {
        c.fusion.resid_polcy = 'mean';
        c.fusion.sinkhorn_reg = 0;
      }),
    );
    expect(message).toMatch(/experiment\.yaml: invalid configuration\n {2}- /);
    expect(message).toContain("\n  - fusion.resid_polcy: unknown key; did you mean 'resid_policy'?");
    expect(message).toContain('\n  - fusion.sinkhorn_reg: expected number > 0, got 0');
  });

  it('reports a missing file and YAML syntax errors with the file and line', () => {
    expect(() => loadExperiment(path.join(tempFolder(), 'nope.yaml'))).toThrow('nope.yaml: no such file');
    const file = writeFile(tempFolder(), 'bad.yaml', 'model:\n  name_0: a\n   name_1: b\n');
    expect(() => loadExperiment(file)).toThrow(`${file}:2: Nested mappings are not allowed in compact mappings`);
  });
});
