// Public API of @otfuse/cli: the command line, and, for compatibility, the run's API it is built
// on (new code imports that from @otfuse/run, which needs no command-line library).
// tsyringe needs the Reflect metadata polyfill before any plugin class loads: library users get it here.
import 'reflect-metadata';
export { program } from './program';
export { runCli } from './cli';
export type { CliIo } from './commands/cli-io';
export { EXIT_OK, EXIT_BAD_INPUT, EXIT_INTERNAL, exitCodeFor } from './exit-codes';
export { stderrProgress } from './progress';
export { runFuseExperiment } from './fuse-with-report';
export { writeReportFiles } from './report/write-report';
export { runOtfusionMnist, formatTable, OTFUSION_MNIST_DEFAULTS } from './experiments/otfusion-mnist';
export type { OtfusionMnistOptions, ResultRow } from './experiments/otfusion-mnist';
export {
  CheckpointWeights,
  ConfigError,
  DEFAULT_LIBRARY_SAMPLES,
  EXPERIMENT_SCHEMA,
  TRAIN_SCHEMA,
  createContainer,
  fuseFolders,
  loadExperiment,
  loadTrainingRun,
  parseYaml,
  planFuseExperiment,
  runTraining,
  schemaMarkdown,
  silentProgress,
  validateConfig,
} from '@otfuse/run';
export type {
  CaptureOptions,
  ConfigErrorCode,
  Experiment,
  FinetuneSettings,
  FuseFoldersArgs,
  FuseFoldersResult,
  FuseReport,
  FuseRunOptions,
  FuseRunResult,
  KeySpec,
  ModelResult,
  Progress,
  SampleSelection,
  Schema,
  StageTimes,
  TrainRunOptions,
  TrainingRun,
  TrainingSettings,
  TrainingSummary,
  ValueType,
} from '@otfuse/run';
