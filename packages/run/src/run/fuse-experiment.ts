import fs from 'node:fs';
import { activeBackend, initBackend } from '@otfuse/backend';
import { HostTensor, type RecordedMap, formatShape, vanillaFusion } from '@otfuse/core';
import type { DependencyContainer } from 'tsyringe';
import { dataInputPaths } from '../config/data-source';
import { Experiment } from '../config/experiment';
import { createContainer } from '../container';
import { inputLayoutFor } from '../data/input-layout';
import { dataSummary, openSplits } from '../data/open-splits';
import { fusedModel } from '../models/fused-model';
import { Parent } from '../models/load-parents';
import { modelTask } from '../models/model-task';
import type { ModelWriter } from '../models/model-writer';
import { writeModel } from '../models/write-model';
import { outputLocation } from '../output/output-location';
import { StagedOutput } from '../output/staged-output';
import { Progress, tenthsCounter } from '../progress';
import { flowGraphOf } from '../report/flow-graph';
import { FuseReport, ModelResult, StageTimes, writeMarkdownReport } from '../report/fuse-report';
import { MAPS_FILE, MAPS_SPOOL, MapsRecorder } from '../report/maps-file';
import { type Score, describeScore } from '../report/scores';
import { resetStatistics } from './bn-reset-stage';
import { checkedExperiment, fusionSetup, openParents } from './checked-experiment';
import { planeFigures } from './figures-stage';
import { type BatchChoice, runGuarded } from './memory-guard';
import { otFusionStage } from './ot-stage';
import { probeModels } from './probe-models';
import { Finetuned, ModelUnderTest, finetuneModel, forwardNotes, scoreModel, trainingNotes } from './score';
import { anchorSideFiles } from './side-files-stage';

export interface FuseRunOptions {
  /** The experiment YAML. */
  file: string;
  /** `--out`: output folder, relative to the working folder. */
  out?: string;
  replace: boolean;
  progress: Progress;
  /** Defaults to a container with every plugin, data set and task (`createContainer`). */
  container?: DependencyContainer;
  now?: () => Date;
  /** Receives every transport map the OT fusion solves, in call order (inspection, golden checks). */
  onMap?: (recorded: RecordedMap) => void;
  /** The format of the model folders. Default: HuggingFace safetensors folders. */
  writer?: ModelWriter;
  /**
   * Writes the report's human-readable files into the run's folder before it is moved into
   * place, from the report (and `maps.safetensors` beside it). Default: `report.md` alone; the
   * CLI adds `report.html` and its plots.
   */
  reportFiles?: ReportFilesWriter;
}

/** Writes a run's human-readable report files into `dir`, which holds its report.json and maps.safetensors. */
export type ReportFilesWriter = (dir: string, report: FuseRunReport) => void;

/** report.json of a run: the report, and the batch size its forward passes used and why. */
export type FuseRunReport = FuseReport & { evalBatch: BatchChoice };

export interface FuseRunResult {
  outputDir: string;
  report: FuseRunReport;
}

/**
 * `otfuse fuse`: validates the experiment and its inputs, captures activations, fuses (OT and
 * vanilla), evaluates, optionally finetunes, and writes the fused folders and the reports into
 * an output folder that appears complete or not at all.
 */
export async function runFuseExperiment(options: FuseRunOptions): Promise<FuseRunResult> {
  let experiment: Experiment | undefined;
  return runGuarded(
    options.progress,
    () => memoryHint(experiment),
    (progress) => fuseExperiment({ ...options, progress }, (checked) => (experiment = checked)),
  );
}

/** The settings that bound a run's memory, with their values. */
function memoryHint(experiment: Experiment | undefined): string {
  const value = (n: number | undefined) => (n === undefined ? '' : ` (now ${n})`);
  return (
    `lower eval.batch_size${value(experiment?.evalBatchSize)} (examples per forward pass), ` +
    `fusion.acts.num_samples${value(experiment?.samples.count)}, or finetune.batch_size${value(experiment?.finetune?.batchSize)}`
  );
}

async function fuseExperiment(options: FuseRunOptions, onExperiment: (experiment: Experiment) => void): Promise<FuseRunResult> {
  const { progress } = options;
  const started = performance.now();
  const now = (options.now ?? (() => new Date()))();
  const container = options.container ?? createContainer();
  const checked = checkedExperiment(options.file, container);
  const { experiment } = checked;
  onExperiment(experiment);
  const output = StagedOutput.prepare(
    outputLocation({ out: options.out, fromFile: experiment.outputDir, configFile: experiment.file, now }),
    { replace: options.replace, inputs: inputsOf(experiment), notice: (text) => progress.warn(text) },
  );
  // The output folder stays locked until the run ends, however it ends.
  return output.whileHeld(() => fuseInto(options, { checked, container, output, started, now, onExperiment }));
}

async function fuseInto(
  options: FuseRunOptions,
  run: {
    checked: ReturnType<typeof checkedExperiment>;
    container: DependencyContainer;
    output: StagedOutput;
    started: number;
    now: Date;
    /** Told the experiment again once the batch size is chosen, for the out-of-memory hint. */
    onExperiment: (experiment: Experiment) => void;
  },
): Promise<FuseRunResult> {
  const { progress } = options;
  const { checked, container, output, started, now } = run;
  const { fusionOptions } = checked;
  let { experiment } = checked;
  await initBackend({ log: (line) => progress.line(line) });
  const warnings: string[] = [];
  const warn = (text: string) => {
    warnings.push(text);
    progress.warn(text);
  };
  const times: StageTimes = { load: 0, data: 0, activations: 0, fusion: 0, vanilla: 0, bnReset: 0, evaluation: 0, figures: 0, finetune: 0, writing: 0, total: 0 };

  let done = progress.stage(`load ${experiment.models.length} models`);
  const loaded = openParents(checked, container);
  // Every solved map goes to disk as it is solved, for maps.safetensors and the heatmaps.
  output.create();
  const maps = new MapsRecorder(fusionOptions.solver, output.path(MAPS_SPOOL));
  try {
    const { architecture, parents } = loaded;
    const anchor = parents[experiment.anchor];
    // The capture parameters and the statistics reset are checked against the architecture before any data is read.
    const setup = fusionSetup(checked, loaded);
    times.load = done();

    done = progress.stage(`open data set ${experiment.data.source.kind === 'file' ? experiment.data.source.path : experiment.data.source.id}`);
    const layout = inputLayoutFor(architecture, anchor.configJson);
    const splits = await openSplits(container, experiment.data, layout, warn);
    const evalBatch = await probeModels(architecture, parents.map((p) => ({ config: p.config, weights: p.weights, where: `model.name_${p.index} (${p.dir})` })), splits.train, layout, {
      size: experiment.evalBatchSize,
      setting: 'eval.batch_size',
      given: experiment.evalBatchSizeSet,
    });
    if (evalBatch.source === 'fitted') progress.line(`    eval.batch_size ${evalBatch.size}: ${evalBatch.reason}`);
    // Every forward pass from here on uses the chosen size.
    experiment = { ...experiment, evalBatchSize: evalBatch.size };
    run.onExperiment(experiment);
    const side = anchorSideFiles(architecture, anchor.dir, splits.train.assets, warn);
    times.data = done();

    done = progress.stage(`activations and OT fusion (${fusionOptions.mode}, ${fusionOptions.solver})`);
    const onMap = (recorded: RecordedMap) => {
      maps.record(recorded);
      options.onMap?.(recorded);
    };
    const ot = otFusionStage({ onMap, container, architecture, parents, experiment, setup, train: splits.train, progress, warn });
    const fused = ot.weights;
    done();
    times.activations = ot.seconds.activations;
    times.fusion = ot.seconds.fusion;

    const vanillaBlocker = shapeDifference(parents);
    let vanilla: Map<string, HostTensor> | undefined;
    if (vanillaBlocker === undefined) {
      done = progress.stage('vanilla fusion (plain average)');
      vanilla = vanillaFusion(parents.map((p) => p.weights));
      times.vanilla = done();
    } else warn(`vanilla fusion skipped: ${vanillaBlocker}`);

    // The same statistics reset for both fused models (vanilla only when it is evaluated), so the comparison stays fair.
    let reset: { models: Map<FusedKind, Map<string, HostTensor>>; samples: number } | undefined;
    if (experiment.bnReset) {
      done = progress.stage(`reset normalisation statistics on ${Math.min(experiment.bnReset.samples, splits.train.size)} train examples`);
      const models = new Map<FusedKind, Map<string, HostTensor>>([['otfusion', fused]]);
      if (vanilla && experiment.evaluateAll) models.set('vanilla', vanilla);
      const { reset: recomputed, samples } = resetStatistics(architecture, anchor.config, models, splits.train, experiment.bnReset, warn);
      reset = { models: recomputed, samples };
      times.bnReset = done();
    }

    // Every model is scored and finetuned for the anchor's task (the parents share its head).
    const task = modelTask(architecture, anchor.config, container);
    const asModel = (weights: ReadonlyMap<string, HostTensor>): ModelUnderTest => ({ architecture, config: anchor.config, task, weights });
    const forwardPasses: string[] = [];
    const noteForward = forwardNotes((text) => progress.line(`    ${text}`), forwardPasses);
    const trainingSteps: string[] = [];
    const noteTraining = trainingNotes((text) => progress.line(`    ${text}`), trainingSteps);
    const resetScore = async (kind: FusedKind): Promise<Pick<ModelResult, 'bnReset'>> => {
      const weights = reset?.models.get(kind);
      if (!weights) return {};
      const score = await scoreModel(asModel(weights), splits.test, experiment.evalBatchSize, noteForward);
      progress.line(`    ${kind === 'otfusion' ? 'OT fusion' : 'vanilla fusion'} after the statistics reset: ${describe(score)}`);
      return { bnReset: score };
    };
    done = progress.stage(`evaluate on ${splits.test.size} test examples`);
    // Each parent's tensors are read once, for its score and for the landscape and the barrier,
    // and let go after those.
    const weightsRead = new Map<number, ReadonlyMap<string, HostTensor>>();
    const parentWeights = (parent: Parent): ReadonlyMap<string, HostTensor> => {
      if (!weightsRead.has(parent.index)) weightsRead.set(parent.index, parent.weights.all());
      return weightsRead.get(parent.index) as ReadonlyMap<string, HostTensor>;
    };
    const results: ModelResult[] = [];
    for (const parent of parents) {
      const name = `model ${parent.index}${parent.index === experiment.anchor ? ' (anchor)' : ''}`;
      const oneShot = experiment.evaluateAll ? await scoreModel({ architecture, config: parent.config, task, weights: parentWeights(parent) }, splits.test, experiment.evalBatchSize, noteForward) : null;
      results.push({ name, kind: 'parent', path: parent.dir, oneShot });
      progress.line(`    ${name}: ${describe(oneShot)}`);
    }
    const fusedScore = await scoreModel(asModel(fused), splits.test, experiment.evalBatchSize, noteForward);
    progress.line(`    OT fusion: ${describe(fusedScore)}`);
    results.push({ name: 'OT fusion', kind: 'otfusion', oneShot: fusedScore, ...(await resetScore('otfusion')) });
    if (vanilla) {
      const vanillaScore = experiment.evaluateAll ? await scoreModel(asModel(vanilla), splits.test, experiment.evalBatchSize, noteForward) : null;
      progress.line(`    vanilla fusion: ${describe(vanillaScore)}`);
      results.push({ name: 'vanilla fusion', kind: 'vanilla', oneShot: vanillaScore, ...(await resetScore('vanilla')) });
    }
    times.evaluation = done();

    const figuresStart = performance.now();
    const other = parents.find((p) => p.index !== experiment.anchor);
    const parentScore = (parent: Parent | undefined) => results.find((r) => r.kind === 'parent' && r.path === parent?.dir)?.oneShot;
    const plane = await planeFigures({
      settings: experiment.landscape,
      model: { architecture, config: anchor.config, task },
      batchSize: experiment.evalBatchSize,
      anchor: parentWeights(anchor),
      other: other && { weights: parentWeights(other), index: other.index },
      ot: fused,
      vanilla: experiment.evaluateAll ? vanilla : undefined,
      vanillaMissing: vanillaBlocker ?? (experiment.evaluateAll ? undefined : 'regression.only_eval_ot is set'),
      modelCount: parents.length,
      scored: { anchor: parentScore(anchor), ot: fusedScore, vanilla: results.find((r) => r.kind === 'vanilla')?.oneShot, other: parentScore(other) },
      test: splits.test,
      runSeconds: (figuresStart - started) / 1000,
      onForward: noteForward,
      progress,
    });
    times.figures = (performance.now() - figuresStart) / 1000;
    weightsRead.clear();

    const finetuned = new Map<string, Finetuned>();
    const finetuneLosses: { name: string; losses: number[] }[] = [];
    if (experiment.finetune) {
      const settings = experiment.finetune;
      // With only_eval_ot the vanilla model is not scored, so it is not finetuned either.
      const targets = results.filter((r) => r.kind === 'otfusion' || (r.kind === 'vanilla' && experiment.evaluateAll));
      done = progress.stage(`finetune ${targets.map((r) => r.name).join(' and ')} (${settings.steps} steps each)`);
      let evaluationSeconds = 0;
      for (const result of targets) {
        // With the statistics reset, finetuning starts from the reset model.
        const weights = reset?.models.get(result.kind as FusedKind) ?? (result.kind === 'otfusion' ? fused : (vanilla as Map<string, HostTensor>));
        const count = tenthsCounter(progress, `${result.name} step`);
        const tuned = await finetuneModel(asModel(weights), splits.train, settings, (step, total, loss) => count(step, total, `loss ${loss.toFixed(4)}`), noteTraining);
        finetuned.set(result.kind, tuned);
        finetuneLosses.push({ name: result.name, losses: tuned.losses });
        result.finetuneLoss = tuned.finalLoss;
        const evaluationStart = performance.now();
        result.finetuned = await scoreModel(asModel(tuned.weights), splits.test, experiment.evalBatchSize, noteForward);
        evaluationSeconds += (performance.now() - evaluationStart) / 1000;
        progress.line(`    ${result.name} after finetuning: ${describe(result.finetuned)}`);
      }
      times.finetune = done() - evaluationSeconds;
      times.evaluation += evaluationSeconds;
    }

    done = progress.stage(`write ${output.target}`);
    output.create();
    const outputs: string[] = [];
    const write = (folder: string, weights: ReadonlyMap<string, HostTensor>) => {
      writeModel(output.path(folder), fusedModel(architecture, anchor, weights, side), { writer: options.writer });
      outputs.push(folder);
    };
    return output.complete(() => {
      write('otfused', fused);
      if (vanilla) write('vanilla', vanilla);
      for (const [kind, weights] of reset?.models ?? []) write(`${kind === 'otfusion' ? 'otfused' : 'vanilla'}-bn-reset`, weights);
      const tunedFused = finetuned.get('otfusion');
      const tunedVanilla = finetuned.get('vanilla');
      if (tunedFused) write('otfused-finetuned', tunedFused.weights);
      if (tunedVanilla) write('vanilla-finetuned', tunedVanilla.weights);
      times.writing = done();
      times.total = (performance.now() - started) / 1000;
      const report: FuseRunReport = {
        command: 'fuse',
        createdAt: now.toISOString(),
        experiment: experiment.file,
        config: experiment.raw,
        backend: activeBackend()?.name ?? null,
        forwardPasses,
        trainingSteps,
        evalBatch,
        architecture: architecture.id,
        models: parents.map((p) => ({ index: p.index, path: p.dir, anchor: p.index === experiment.anchor })),
        data: dataSummary(splits, layout),
        activations: ot.activations,
        fusion: { options: fusionOptions, capture: setup.capture },
        vanilla: vanillaBlocker === undefined ? { done: true } : { done: false, reason: vanillaBlocker },
        finetune: experiment.finetune ?? null,
        bnReset: reset ? { samples: reset.samples } : null,
        results,
        timings: times,
        outputs,
        warnings,
        figures: { maps: maps.figures, flowGraph: flowGraphOf(setup.graph, fusionOptions.residualPolicy), ...plane, finetuneLosses },
      };
      maps.writeTo(output.path(MAPS_FILE));
      maps.dispose();
      fs.writeFileSync(output.path('report.json'), `${JSON.stringify(report, null, 2)}\n`);
      (options.reportFiles ?? writeMarkdownReport)(output.path(), report);
      return { outputDir: output.target, report };
    });
  } finally {
    maps.dispose();
    loaded.close();
  }
}

/** The fused models, as the report's `kind` names them. */
type FusedKind = 'otfusion' | 'vanilla';

/** Everything the run reads: the output folder may not be or contain any of it. */
function inputsOf(experiment: Experiment): string[] {
  return [experiment.file, ...experiment.models, ...dataInputPaths(experiment.data)];
}

/** Why the parents cannot be averaged as they are (undefined when every shape agrees). */
function shapeDifference(parents: readonly Parent[]): string | undefined {
  const first = parents[0];
  for (const parent of parents.slice(1)) {
    for (const name of first.weights.names()) {
      const a = first.weights.shape(name);
      const b = parent.weights.shape(name);
      if (formatShape(a) !== formatShape(b)) return `'${name}' is ${formatShape(a)} in model 0 but ${formatShape(b)} in model ${parent.index}`;
    }
  }
  return undefined;
}

function describe(score: Score | null | undefined): string {
  return describeScore(score);
}
