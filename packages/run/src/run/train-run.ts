import fs from 'node:fs';
import { activeBackend, initBackend } from '@otfuse/backend';
import { FusionError, InMemoryWeights } from '@otfuse/core';
import { type Task, evaluate, train } from '@otfuse/train';
import type { DependencyContainer } from 'tsyringe';
import { dataInputPaths } from '../config/data-source';
import { TrainingRun, TrainingSettings, loadTrainingRun } from '../config/train-config';
import { createContainer } from '../container';
import { inputLayoutFor } from '../data/input-layout';
import { withModelClasses } from '../data/model-classes';
import { checkDataSelection, dataSummary, openSplits } from '../data/open-splits';
import { modelTask } from '../models/model-task';
import type { ModelWriter } from '../models/model-writer';
import { architectureById } from '../models/resolve-architecture';
import { sideFilesFromAssets } from '../models/side-files';
import { runWriter } from '../models/onnx/run-writer';
import { writeModel } from '../models/write-model';
import { outputLocation } from '../output/output-location';
import { StagedOutput } from '../output/staged-output';
import { Progress, tenthsCounter } from '../progress';
import { pipelineTag, trainedModelCard } from '../report/model-cards';
import { type Score, describeScore } from '../report/scores';
import { trainable } from '../trainable';
import { InitFromSummary, initFromFolder } from './init-from';
import { type BatchChoice, runGuarded } from './memory-guard';
import { outputWidth, probeModels } from './probe-models';
import { describeTraining, forwardNotes, meanOfLast, scoreOf } from './score';

export interface TrainRunOptions {
  file: string;
  out?: string;
  replace: boolean;
  progress: Progress;
  container?: DependencyContainer;
  now?: () => Date;
  /** The format of the model folder. Default: a HuggingFace safetensors folder. */
  writer?: ModelWriter;
}

/** `training.json`: how the model was made and how well it does. */
export interface TrainingSummary {
  command: 'train';
  createdAt: string;
  file: string;
  config: Record<string, unknown>;
  backend: string | null;
  architecture: string;
  /** The `config.json` written. */
  modelConfig: Record<string, unknown>;
  parameters: number;
  data: { dataset: string; params: Record<string, unknown>; layout: string; trainExamples: number; testExamples: number };
  /** The settings, the steps run, and how they ran (`describeTraining`). */
  training: TrainingSettings & { stepsRun: number; engine: string };
  /** Loss of the last step, and the mean of the last ten. */
  trainLoss: { last: number; lastTenMean: number };
  test: Score;
  /** The evaluation's batch size and why: the file's, the default, or the largest below the default that fits in memory. */
  evalBatch: BatchChoice;
  /** `model.init_from`: the folder, how many tensors it gave, and the names initialised from the seed instead. */
  initFrom?: InitFromSummary;
  seconds: { data: number; training: number; evaluation: number; writing: number; total: number };
}

/** `otfuse train`: trains a new model of any registered architecture and writes a HuggingFace folder. */
export async function runTraining(options: TrainRunOptions): Promise<{ outputDir: string; summary: TrainingSummary }> {
  return runGuarded(options.progress, () => 'lower train.batch_size (examples per step) or eval.batch_size (examples per forward pass)', (progress) =>
    trainModel({ ...options, progress }),
  );
}

async function trainModel(options: TrainRunOptions): Promise<{ outputDir: string; summary: TrainingSummary }> {
  const { progress } = options;
  const started = performance.now();
  const now = (options.now ?? (() => new Date()))();
  const run = loadTrainingRun(options.file);
  const container = options.container ?? createContainer();
  const architecture = architectureById(container, run.architecture, 'model.type');
  const config = withinKey('model.config', () => architecture.normalizeConfig(run.modelConfig));
  const configJson = architecture.configJson(config);
  const task = modelTask(architecture, config, container);
  checkDataSelection(container, run.data, run.file);
  const output = StagedOutput.prepare(outputLocation({ out: options.out, fromFile: run.outputDir, configFile: run.file, now }), {
    replace: options.replace,
    inputs: inputsOf(run),
    notice: (text) => progress.warn(text),
  });
  // The output folder stays locked until the run ends, however it ends.
  return output.whileHeld(() => trainInto(options, { run, container, architecture, config, task, configJson, output, started, now }));
}

async function trainInto(
  options: TrainRunOptions,
  args: {
    run: TrainingRun;
    container: DependencyContainer;
    architecture: ReturnType<typeof architectureById>;
    config: unknown;
    task: Task;
    configJson: Record<string, unknown>;
    output: StagedOutput;
    started: number;
    now: Date;
  },
): Promise<{ outputDir: string; summary: TrainingSummary }> {
  const { progress } = options;
  const { run, container, architecture, config, task, configJson, output, started, now } = args;
  await initBackend({ log: (line) => progress.line(line) });
  let done = progress.stage('open data set');
  const layout = inputLayoutFor(architecture, configJson);
  const opened = await openSplits(container, run.data, layout, (text) => progress.warn(text), task.labels === 'none');
  const writer = runWriter(run.file, run.onnx, { architecture, config, pixels: opened.train.pixels, sideFiles: sideFilesFromAssets(architecture, opened.train.assets) }, options.writer);
  const fromFolder = run.initFrom === undefined ? undefined : initFromFolder(run.initFrom, architecture.init(config, run.training.seed));
  const initial = fromFolder?.weights ?? architecture.init(config, run.training.seed);
  const probed = { config, weights: new InMemoryWeights(initial), where: `model (${architecture.id})` };
  const splits = withModelClasses(opened, task, (labelled) => outputWidth(architecture, probed, opened.train, layout, labelled), `the ${probed.where}`);
  // The training step's memory is not a forward pass's, so the probe sizes the evaluation batch only.
  const evalBatch = await probeModels(architecture, [probed], splits.train, layout, task, {
    size: run.evalBatchSize,
    setting: 'eval.batch_size',
    given: run.evalBatchSizeSet,
  });
  if (evalBatch.source === 'fitted') progress.line(`    eval.batch_size ${evalBatch.size}: ${evalBatch.reason}`);
  const dataSeconds = done();

  const model = trainable(architecture, config, initial);
  try {
    const settings = run.training;
    const length = settings.steps !== undefined ? `${settings.steps} steps` : `${settings.epochs} epoch${settings.epochs === 1 ? '' : 's'}`;
    done = progress.stage(`train ${architecture.id} on ${splits.train.size} examples (${length}, batch ${settings.batchSize}, seed ${settings.seed})`);
    const count = tenthsCounter(progress, 'step');
    const history = await train(model, splits.train, {
      task,
      ...(settings.steps !== undefined ? { steps: settings.steps } : { epochs: settings.epochs }),
      batchSize: settings.batchSize,
      lr: settings.lr,
      optimizer: settings.optimizer,
      ...(settings.momentum !== undefined ? { momentum: settings.momentum } : {}),
      weightDecay: settings.weightDecay,
      seed: settings.seed,
      onProgress: (e) => count(e.step, e.totalSteps, `epoch ${e.epoch}, loss ${e.loss.toFixed(4)}`),
    });
    progress.line(`    ${describeTraining(history.engine)}`);
    const trainingSeconds = done();

    done = progress.stage(`evaluate on ${splits.test.size} test examples`);
    const result = await evaluate(model, splits.test, { task, batchSize: evalBatch.size, onForward: forwardNotes((text) => progress.line(`    ${text}`)) });
    const test: Score = scoreOf(result);
    progress.line(`    ${describeScore(test)}`);
    const evaluationSeconds = done();

    done = progress.stage(`write ${output.target}`);
    const weights = model.snapshot();
    return output.complete(() => {
      const card = trainedModelCard({
        architecture: architecture.id,
        ...(fromFolder ? { initFrom: { dir: fromFolder.summary.dir, configJson: fromFolder.configJson } } : {}),
        training: `${length} on ${splits.train.size} examples of ${splits.description.dataset}, batch ${settings.batchSize}, ${settings.optimizer}, learning rate ${settings.lr}, seed ${settings.seed}`,
        pipelineTag: pipelineTag(architecture, config, task.id),
        scores: { data: `${splits.test.size} test examples of ${splits.description.dataset}`, rows: [{ name: architecture.id, score: test }] },
      });
      writeModel(output.temp, { architecture, config, configJson, weights, sideFiles: sideFilesFromAssets(architecture, splits.train.assets), card }, { writer });
      const summary: TrainingSummary = {
        command: 'train',
        createdAt: now.toISOString(),
        file: run.file,
        config: run.raw,
        backend: activeBackend()?.name ?? null,
        architecture: architecture.id,
        modelConfig: configJson,
        parameters: [...weights.values()].reduce((n, t) => n + t.data.length, 0),
        data: dataSummary(splits, layout),
        training: { ...settings, stepsRun: history.steps, engine: describeTraining(history.engine) },
        ...(fromFolder ? { initFrom: fromFolder.summary } : {}),
        trainLoss: { last: history.losses[history.losses.length - 1], lastTenMean: meanOfLast(history.losses, 10) },
        test,
        evalBatch,
        seconds: { data: dataSeconds, training: trainingSeconds, evaluation: evaluationSeconds, writing: 0, total: 0 },
      };
      summary.seconds.writing = done();
      summary.seconds.total = (performance.now() - started) / 1000;
      fs.writeFileSync(output.path('training.json'), `${JSON.stringify(summary, null, 2)}\n`);
      return { outputDir: output.target, summary };
    });
  } finally {
    model.dispose();
  }
}

function inputsOf(run: TrainingRun): string[] {
  return [run.file, ...dataInputPaths(run.data), ...(run.initFrom === undefined ? [] : [run.initFrom])];
}

function withinKey<T>(key: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof FusionError) throw error.within(key);
    throw error;
  }
}
