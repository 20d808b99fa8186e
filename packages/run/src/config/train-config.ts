import { ConfigError } from './config-error';
import { DataSelection, dataSelection } from './data-source';
import { readConfigFile, resolveFrom } from './read-config-file';
import { type OnnxOutput, onnxOutput } from './onnx-output';
import { TRAIN_SCHEMA } from './train-schema';

export interface TrainingSettings {
  seed: number;
  epochs?: number;
  steps?: number;
  batchSize: number;
  lr: number;
  optimizer: 'adam' | 'sgd';
  momentum?: number;
  weightDecay: number;
}

/** A training file, validated. */
export interface TrainingRun {
  file: string;
  dir: string;
  raw: Record<string, unknown>;
  architecture: string;
  /** `config.json` fields for the plugin. */
  modelConfig: Record<string, unknown>;
  data: DataSelection;
  training: TrainingSettings;
  evalBatchSize: number;
  /** Whether the file sets `eval.batch_size`: a default is lowered to what fits in memory, a set value is not. */
  evalBatchSizeSet: boolean;
  outputDir?: string;
  /** `model.init_from`: absolute folder whose tensors start the training. */
  initFrom?: string;
  /** `output.onnx`: the model folder also holds what transformers.js loads. */
  onnx?: OnnxOutput;
}

/** Reads a training file (`otfuse train`); every problem is a ConfigError naming the key. */
export function loadTrainingRun(file: string): TrainingRun {
  const { file: absolute, dir, raw, values } = readConfigFile(file, TRAIN_SCHEMA);
  const problems: string[] = [];
  const epochs = values.optional<number>('train.epochs');
  const steps = values.optional<number>('train.steps');
  if (epochs !== undefined && steps !== undefined) problems.push(`train.steps: give train.epochs or train.steps, not both (got epochs ${epochs}, steps ${steps})`);
  const optimizer = values.get<'adam' | 'sgd'>('train.optimizer');
  const momentum = values.optional<number>('train.momentum');
  if (momentum !== undefined && optimizer !== 'sgd') problems.push(`train.momentum: only used by optimizer 'sgd', but train.optimizer is '${optimizer}'`);
  if (problems.length) throw new ConfigError('INVALID_CONFIG', `${file}: invalid configuration`, problems);

  const outputDir = values.optional<string>('output.dir');
  const initFrom = values.optional<string>('model.init_from');
  const onnx = onnxOutput(values, file);
  return {
    file: absolute,
    dir,
    raw,
    architecture: values.get<string>('model.type'),
    modelConfig: values.get<Record<string, unknown>>('model.config'),
    data: dataSelection(values, dir, 'data.dataset'),
    training: {
      seed: values.get<number>('train.seed'),
      ...(steps === undefined ? { epochs: epochs ?? 1 } : { steps }),
      batchSize: values.get<number>('train.batch_size'),
      lr: values.get<number>('train.lr'),
      optimizer,
      ...(momentum === undefined ? {} : { momentum }),
      weightDecay: values.get<number>('train.weight_decay'),
    },
    evalBatchSize: values.get<number>('eval.batch_size'),
    evalBatchSizeSet: values.given.has('eval.batch_size'),
    outputDir: outputDir === undefined ? undefined : resolveFrom(dir, outputDir),
    ...(initFrom === undefined ? {} : { initFrom: resolveFrom(dir, initFrom) }),
    ...(onnx === undefined ? {} : { onnx }),
  };
}
