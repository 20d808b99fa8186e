import type { FusionOptionsInput } from '@otfuse/core';
import { ConfigError } from './config-error';
import { DataSelection, dataSelection } from './data-source';
import { EXPERIMENT_SCHEMA } from './experiment-schema';
import { readConfigFile, resolveFrom } from './read-config-file';
import { ConfigValues } from './schema';

/** Capture options handed to the architecture plugin's forward pass. */
export interface CaptureOptions {
  /** Token filter for sequence outputs: `null` (every token), `'only_cls'` or `'window_<k>'`. */
  seqFilter: string | null;
  /** Capture outputs before the nonlinearity. */
  preActivation: boolean;
}

export interface FinetuneSettings {
  steps: number;
  lr: number;
  batchSize: number;
  optimizer: 'adam' | 'sgd';
  seed: number;
}

/** Which train examples describe neurons. */
export interface SampleSelection {
  /** How many to use (the first that pass the filters). */
  count: number;
  /** Keep an example only if its loss is at most this in every model. */
  lossThreshold?: number;
  /** Per example, whether it may be used; examples past its end are not. */
  allowList?: boolean[];
}

/** An experiment file, validated and mapped onto the library's options. */
export interface Experiment {
  file: string;
  /** Folder the file's relative paths start from. */
  dir: string;
  /** The file as written, for the report. */
  raw: Record<string, unknown>;
  /** Absolute model folders, model i at index i. */
  models: string[];
  anchor: number;
  /** Plugin id as written (`model.type`); undefined: detect from config.json. */
  architecture?: string;
  data: DataSelection;
  samples: SampleSelection;
  fusion: FusionOptionsInput;
  capture: CaptureOptions;
  /** False with `regression.only_eval_ot`: only the OT model is evaluated. */
  evaluateAll: boolean;
  evalBatchSize: number;
  finetune?: FinetuneSettings;
  /** `output.dir`, absolute. */
  outputDir?: string;
}

/** Reads an experiment file (the paper's YAML schema plus otfuse's keys); every problem is a ConfigError. */
export function loadExperiment(file: string): Experiment {
  const { file: absolute, dir, raw, values } = readConfigFile(file, EXPERIMENT_SCHEMA);
  const problems: string[] = [];
  const models = modelFolders(values, raw, problems).map((m) => resolveFrom(dir, m));
  const count = values.get<number>('fusion.num_models');
  const anchor = values.get<number>('model.anchor');
  if (anchor >= count) problems.push(`model.anchor: ${anchor} is not a model index; fusion.num_models is ${count}, so expected 0 … ${count - 1}`);
  if (problems.length) throw new ConfigError('INVALID_CONFIG', `${file}: invalid configuration`, problems);

  const outputDir = values.optional<string>('output.dir');
  return {
    file: absolute,
    dir,
    raw,
    models,
    anchor,
    architecture: values.optional<string>('model.type'),
    data: dataSelection(values, dir, 'model.dataset'),
    samples: sampleSelection(values),
    fusion: fusionOptions(values, anchor),
    capture: captureOptions(values),
    evaluateAll: !values.get<boolean>('regression.only_eval_ot'),
    evalBatchSize: values.get<number>('eval.batch_size'),
    finetune: finetuneSettings(values),
    outputDir: outputDir === undefined ? undefined : resolveFrom(dir, outputDir),
  };
}

/** `name_0` … `name_{n-1}`: each required, none beyond. */
function modelFolders(values: ConfigValues, raw: Record<string, unknown>, problems: string[]): string[] {
  const count = values.get<number>('fusion.num_models');
  const model = raw.model as Record<string, unknown>;
  const folders: string[] = [];
  for (let i = 0; i < count; i++) {
    const value = values.optional<string>(`model.name_${i}`);
    if (value === undefined) {
      if (!Object.hasOwn(model, `name_${i}`)) problems.push(`model.name_${i}: missing (fusion.num_models is ${count}, so name_0 … name_${count - 1} are required)`);
    } else folders.push(value);
  }
  for (const key of Object.keys(model)) {
    const index = /^name_(\d+)$/.exec(key);
    if (index && Number(index[1]) >= count) {
      problems.push(`model.${key}: fusion.num_models is ${count}, so only name_0 … name_${count - 1} are read; raise num_models or remove the key`);
    }
  }
  return folders;
}

function fusionOptions(values: ConfigValues, anchor: number): FusionOptionsInput {
  const v = <T>(key: string) => values.get<T>(`fusion.${key}`);
  return {
    mode: v('type'),
    solver: v('ot_solver'),
    sinkhornReg: v('sinkhorn_reg'),
    residualPolicy: v('resid_policy'),
    qkFusion: v('qk_fusion'),
    groundMetric: {
      type: v('gnd_metric.type'),
      norm: v('gnd_metric.norm'),
      squared: v('gnd_metric.squared'),
      clip: v('gnd_metric.clip'),
      clipMin: v('gnd_metric.clip_min'),
      clipMax: v('gnd_metric.clip_max'),
      reg: v('gnd_metric.reg'),
    },
    acts: {
      std: v('acts.std'),
      center: v('acts.center'),
      norm: v('acts.norm'),
      ...(v<boolean>('pca') ? { pcaK: v<number>('pca_k') } : {}),
    },
    weightsNorm: v('wts.norm'),
    fuseGenerator: v('fuse_gen'),
    anchor,
  };
}

function captureOptions(values: ConfigValues): CaptureOptions {
  const filter = values.get<string | boolean | null>('fusion.acts.seq_filter');
  const none = filter === null || filter === false || filter === 'None' || filter === 'none';
  return { seqFilter: none ? null : (filter as string), preActivation: values.get<boolean>('fusion.acts.pre_relu') };
}

function sampleSelection(values: ConfigValues): SampleSelection {
  const threshold = values.get<number | false>('fusion.acts.loss_thres');
  const allowList = values.optional<boolean[] | null>('fusion.acts.acts_filter_list');
  return {
    count: values.get<number>('fusion.acts.num_samples'),
    ...(threshold === false ? {} : { lossThreshold: threshold }),
    ...(allowList ? { allowList } : {}),
  };
}

function finetuneSettings(values: ConfigValues): FinetuneSettings | undefined {
  if (!values.given.has('finetune')) return undefined;
  return {
    steps: values.get<number>('finetune.steps'),
    lr: values.get<number>('finetune.lr'),
    batchSize: values.get<number>('finetune.batch_size'),
    optimizer: values.get<'adam' | 'sgd'>('finetune.optimizer'),
    seed: values.optional<number>('finetune.seed') ?? values.get<number>('fusion.acts.seed'),
  };
}
