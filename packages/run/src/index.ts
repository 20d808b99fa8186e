// Public API of @otfuse/run.
// tsyringe needs the Reflect metadata polyfill before any plugin class loads: library users get it here.
import 'reflect-metadata';

// Fusing model folders in one call, and writing model folders.
export { fuseFolders, DEFAULT_LIBRARY_SAMPLES } from './fuse-folders';
export type { FuseFoldersArgs, FuseFoldersResult } from './fuse-folders';
export { writeModel } from './models/write-model';
export { SAFETENSORS_FOLDER_WRITER } from './models/safetensors-folder-writer';
export type { ModelToWrite, ModelWriter, WriteModelOptions } from './models/model-writer';
export { exportOnnxFolder, type ExportOnnxArgs, type ExportOnnxResult } from './models/onnx/export-folder';
export { onnxFolderWriter, type OnnxFolderOptions } from './models/onnx/onnx-folder-writer';
export { integerTensorsOf, tensorEntries } from './models/tensor-entries';
export type { IntegerTensors } from './models/tensor-entries';
export { CheckpointWeights } from './models/checkpoint-weights';
export { loadParents } from './models/load-parents';
export type { LoadParentsArgs, LoadedParents, Parent } from './models/load-parents';
export { readSideFiles, sideFileNames, sideFilesFromAssets } from './models/side-files';
export { carriedFiles, isCarried } from './models/carried-files';
export { MODEL_CARD_FILE, baseModelName, modelCardText } from './models/model-card';
export type { CardTable, ModelCard } from './models/model-card';

// The data sets `fuseFolders` takes, so that a fusion needs one import.
export { loadCifar10, loadFashionMnist, loadMnist, loadSotuMaskedLm, loadSotuParty, loadTensorsFile } from '@otfuse/data';
export type { Dataset } from '@otfuse/data';

// The plugins, solvers, metrics and data sets a run can use.
export { createContainer } from './container';
export { PLUGINS } from './plugins';
export type { BuiltInPlugin } from './plugins';

// Runs of experiment and training files.
export { runFuseExperiment } from './run/fuse-experiment';
export type { FuseRunOptions, FuseRunReport, FuseRunResult, ReportFilesWriter } from './run/fuse-experiment';
export { planFuseExperiment } from './run/plan-experiment';
export { runTraining } from './run/train-run';
export type { TrainRunOptions, TrainingSummary } from './run/train-run';
export { trainable } from './trainable';
export { modelTask } from './models/model-task';
export type { TrainableModel } from './trainable';
export { silentProgress } from './progress';
export type { Progress } from './progress';

// What a run reports: report.json's content, its text forms, and what its figures are drawn from.
export { COMPARISON_NOTE, comparisonNotes, comparisonTable, fuseReportMarkdown, reportTask, resultsTable, writeMarkdownReport } from './report/fuse-report';
export type { ComparedOutputs, FuseReport, MethodRun, ModelResult, OutputComparison, StageTimes } from './report/fuse-report';
export { describeScore, metricCells, metricNames, taskOfScores } from './report/scores';
export type { Score } from './report/scores';
export { isSkipped } from './report/figures';
export type { ReportFigures, Skipped } from './report/figures';
export type { Barrier, Landscape } from './report/landscape';
export { blockOf, flowGraphOf } from './report/flow-graph';
export type { FlowGraph, FlowNode } from './report/flow-graph';
export { mapFigures, mapTensorName } from './report/map-figures';
export type { MapFigures } from './report/map-figures';
export { MAPS_FILE, readMaps } from './report/maps-file';
export type { StoredMap } from './report/maps-file';

// Experiment and training files.
export { loadExperiment } from './config/experiment';
export type { CaptureOptions, Experiment, FinetuneSettings, LandscapeSettings, SampleSelection } from './config/experiment';
export { loadTrainingRun } from './config/train-config';
export type { TrainingRun, TrainingSettings } from './config/train-config';
export { EXPERIMENT_SCHEMA } from './config/experiment-schema';
export { TRAIN_SCHEMA } from './config/train-schema';
export { schemaMarkdown, validateConfig } from './config/schema';
export type { KeySpec, Schema, ValueType } from './config/schema';
export { parseYaml } from './config/yaml';
export { ConfigError } from './config/config-error';
export type { ConfigErrorCode } from './config/config-error';
