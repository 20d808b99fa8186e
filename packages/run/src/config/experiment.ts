import { FusionOptionsInput, setFusionOption } from '@otfuse/core';
import { ConfigError } from './config-error';
import { DataSelection, dataSelection } from './data-source';
import { EXPERIMENT_SCHEMA } from './experiment-schema';
import { type OnnxOutput, onnxOutput } from './onnx-output';
import { readConfigFile, resolveFrom } from './read-config-file';
import { ConfigValues } from './schema';

/** The capture parameters the file gives, for the architecture to validate (`seq_filter`, `pre_relu`, `fusion.acts.capture`). */
export type CaptureOptions = Readonly<Record<string, unknown>>;

export interface FinetuneSettings {
  steps: number;
  lr: number;
  batchSize: number;
  optimizer: 'adam' | 'sgd';
  seed: number;
}

/** `report.landscape` as the file gives it: values, and which of them the file sets. */
export interface LandscapeSettings {
  /** Grid steps per unit (0: no figures); the largest the budget may pick when not set. */
  grid: number;
  gridSet: boolean;
  /** Test examples per model; the most the budget may pick when not set. */
  samples: number;
  samplesSet: boolean;
  /** The share of the run's time before the figures that they may take, when grid or samples is not set. */
  timeShare: number;
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

/** An alignment method the file asks for, with the parameters it gives it. */
export interface MethodSelection {
  id: string;
  params: Readonly<Record<string, unknown>>;
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
  /** `fusion.methods`, in order, each with its `fusion.method_params`. */
  methods: MethodSelection[];
  capture: CaptureOptions;
  /** False with `regression.only_eval_ot`: only the first method's model is evaluated. */
  evaluateAll: boolean;
  evalBatchSize: number;
  /** Whether the file sets `eval.batch_size`: a default is lowered to what fits in memory, a set value is not. */
  evalBatchSizeSet: boolean;
  /** `report.landscape`: grid steps per unit (0: off), test examples per point, which of them the file sets, and the time budget for the others. */
  landscape: LandscapeSettings;
  finetune?: FinetuneSettings;
  /** `fusion.bn_reset`: recompute normalisation statistics after fusion (absent: off). */
  bnReset?: { samples: number };
  /** `output.dir`, absolute. */
  outputDir?: string;
  /** `output.onnx`: every model folder also holds what transformers.js loads. */
  onnx?: OnnxOutput;
}

/** Reads an experiment file (the paper's YAML schema plus otfuse's keys); every problem is a ConfigError. */
export function loadExperiment(file: string): Experiment {
  const { file: absolute, dir, raw, values } = readConfigFile(file, EXPERIMENT_SCHEMA);
  const problems: string[] = [];
  const models = modelFolders(values, raw, problems).map((m) => resolveFrom(dir, m));
  const count = values.get<number>('fusion.num_models');
  const anchor = values.get<number>('model.anchor');
  if (anchor >= count) problems.push(`model.anchor: ${anchor} is not a model index; fusion.num_models is ${count}, so expected 0 … ${count - 1}`);
  const fusion = fusionOptions(values, anchor, problems);
  const capture = captureOptions(values, problems);
  const methods = methodSelections(values, problems);
  if (problems.length) throw new ConfigError('INVALID_CONFIG', `${file}: invalid configuration`, problems);

  const outputDir = values.optional<string>('output.dir');
  const onnx = onnxOutput(values, file);
  return {
    file: absolute,
    dir,
    raw,
    models,
    anchor,
    architecture: values.optional<string>('model.type'),
    data: dataSelection(values, dir, 'model.dataset'),
    samples: sampleSelection(values),
    fusion,
    methods,
    capture,
    evaluateAll: !values.get<boolean>('regression.only_eval_ot'),
    evalBatchSize: values.get<number>('eval.batch_size'),
    evalBatchSizeSet: values.given.has('eval.batch_size'),
    landscape: {
      grid: values.get<number>('report.landscape.grid'),
      gridSet: values.given.has('report.landscape.grid'),
      samples: values.get<number>('report.landscape.samples'),
      samplesSet: values.given.has('report.landscape.samples'),
      timeShare: values.get<number>('report.landscape.time_share'),
    },
    finetune: finetuneSettings(values),
    ...(values.given.has('fusion.bn_reset') ? { bnReset: { samples: values.get<number>('fusion.bn_reset.samples') } } : {}),
    outputDir: outputDir === undefined ? undefined : resolveFrom(dir, outputDir),
    ...(onnx === undefined ? {} : { onnx }),
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

/** The fusion options: every schema key that names an option, plus `pca` and the metric's `squared`. */
function fusionOptions(values: ConfigValues, anchor: number, problems: string[]): FusionOptionsInput {
  const input: FusionOptionsInput = { anchor };
  for (const spec of EXPERIMENT_SCHEMA) {
    if (spec.option !== undefined && values.has(spec.key)) setFusionOption(input, spec.option, values.get(spec.key));
  }
  if (values.get<boolean>('fusion.pca')) setFusionOption(input, 'acts.pcaK', values.get<number>('fusion.pca_k'));
  const squared = values.optional<boolean>('fusion.gnd_metric.squared');
  if (squared !== undefined) {
    const params = input.groundMetric?.params ?? {};
    if (Object.hasOwn(params, 'squared')) problems.push('fusion.gnd_metric.squared: also given as fusion.gnd_metric.params.squared; keep one');
    else setFusionOption(input, 'groundMetric.params', { ...params, squared });
  }
  if (values.given.has('fusion.sinkhorn_reg') && Object.hasOwn(input.solverParams ?? {}, 'reg')) {
    problems.push('fusion.sinkhorn_reg: also given as fusion.solver_params.reg; keep one');
  }
  return input;
}

/** `fusion.methods` with their `fusion.method_params`: at least one, none twice, parameters only for listed methods. */
function methodSelections(values: ConfigValues, problems: string[]): MethodSelection[] {
  const ids = values.get<string[]>('fusion.methods');
  const params = values.optional<Record<string, unknown>>('fusion.method_params') ?? {};
  if (ids.length === 0) problems.push('fusion.methods: expected at least one alignment method (e.g. [ot, vanilla])');
  const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (twice.length) problems.push(`fusion.methods: '${twice[0]}' is listed twice`);
  for (const [id, given] of Object.entries(params)) {
    if (!ids.includes(id)) problems.push(`fusion.method_params.${id}: '${id}' is not in fusion.methods (${ids.join(', ')})`);
    else if (given === null || typeof given !== 'object' || Array.isArray(given)) problems.push(`fusion.method_params.${id}: expected a mapping of parameters, got ${JSON.stringify(given)}`);
  }
  return ids.map((id) => ({ id, params: (params[id] as Record<string, unknown> | undefined) ?? {} }));
}

/** The capture parameters the file gives: `seq_filter` (`None`, `false` and null read as 'none'), `pre_relu`, and `fusion.acts.capture`. */
function captureOptions(values: ConfigValues, problems: string[]): CaptureOptions {
  const capture: Record<string, unknown> = { ...values.optional<Record<string, unknown>>('fusion.acts.capture') };
  const filter = values.optional<string | boolean | null>('fusion.acts.seq_filter');
  const paperKeys: [string, unknown][] = [
    ['seq_filter', filter === undefined ? undefined : filter === null || filter === false || filter === 'None' ? 'none' : filter],
    ['pre_relu', values.optional<boolean>('fusion.acts.pre_relu')],
  ];
  for (const [name, value] of paperKeys) {
    if (value === undefined) continue;
    if (Object.hasOwn(capture, name)) problems.push(`fusion.acts.${name}: also given as fusion.acts.capture.${name}; keep one`);
    else capture[name] = value;
  }
  return capture;
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
  const paperSeed = values.get<number>('fusion.acts.seed');
  if (!values.given.has('finetune')) return undefined;
  return {
    steps: values.get<number>('finetune.steps'),
    lr: values.get<number>('finetune.lr'),
    batchSize: values.get<number>('finetune.batch_size'),
    optimizer: values.get<'adam' | 'sgd'>('finetune.optimizer'),
    seed: values.optional<number>('finetune.seed') ?? paperSeed,
  };
}
