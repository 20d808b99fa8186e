import fs from 'node:fs';
import { activeBackend, initBackend } from '@otfuse/backend';
import { HostTensor, type RecordedMap } from '@otfuse/core';
import type { DependencyContainer } from 'tsyringe';
import { dataInputPaths } from '../config/data-source';
import { Experiment } from '../config/experiment';
import { createContainer } from '../container';
import { inputLayoutFor } from '../data/input-layout';
import { withModelClasses } from '../data/model-classes';
import { dataSummary, openSplits } from '../data/open-splits';
import { fusedModel } from '../models/fused-model';
import { Parent } from '../models/load-parents';
import { modelTask } from '../models/model-task';
import type { ModelWriter } from '../models/model-writer';
import { runWriter } from '../models/onnx/run-writer';
import { writeModel } from '../models/write-model';
import { outputLocation } from '../output/output-location';
import { StagedOutput } from '../output/staged-output';
import { Progress, tenthsCounter } from '../progress';
import { flowGraphOf } from '../report/flow-graph';
import { FuseReport, ModelResult, OutputComparison, StageTimes, comparisonCells, writeMarkdownReport } from '../report/fuse-report';
import { MAPS_FILE, MAPS_SPOOL, MapsRecorder } from '../report/maps-file';
import { type AfterFusion, cardScoreRows, fusedModelCard, pipelineTag } from '../report/model-cards';
import { type Score, describeScore } from '../report/scores';
import { resetStatistics } from './bn-reset-stage';
import { compareWithParents } from './compare-stage';
import { checkedExperiment, fusionSetup, openParents } from './checked-experiment';
import { planeFigures } from './figures-stage';
import { type BatchChoice, runGuarded } from './memory-guard';
import { type MethodOutcome, methodsStage } from './methods-stage';
import { ParentWeights } from './parent-weights';
import { outputWidth, probeModels } from './probe-models';
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
  /**
   * Parents whose float32 weights take at most this many bytes are kept in memory once read;
   * larger ones are read from their checkpoints whenever needed (default `KEEP_PARENT_BYTES`, 128 MiB).
   */
  keptParentBytes?: number;
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
 * `otfuse fuse`: validates the experiment and its inputs, fuses with each configured method
 * (capturing activations for those that read them), evaluates, optionally finetunes, and writes
 * the fused folders and the reports into an output folder that appears complete or not at all.
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
  const times: StageTimes = { load: 0, data: 0, activations: 0, fusion: 0, bnReset: 0, evaluation: 0, figures: 0, finetune: 0, writing: 0, total: 0 };

  let done = progress.stage(`load ${experiment.models.length} models`);
  const loaded = openParents(checked, container, warn);
  // Every solved map goes to disk as it is solved, for maps.safetensors and the heatmaps.
  output.create();
  const maps = new MapsRecorder(fusionOptions.solver, output.path(MAPS_SPOOL));
  try {
    const { architecture, parents } = loaded;
    const anchor = parents[experiment.anchor];
    // The capture parameters and the statistics reset are checked against the architecture before any data is read.
    const setup = fusionSetup(checked, loaded);
    times.load = done();

    // Every model is scored and finetuned for the anchor's task (the parents share its head).
    const task = modelTask(architecture, anchor.config, container);

    done = progress.stage(`open data set ${experiment.data.source.kind === 'file' ? experiment.data.source.path : experiment.data.source.id}`);
    const layout = inputLayoutFor(architecture, anchor.configJson);
    const probed = parents.map((p) => ({ config: p.config, weights: p.weights, where: `model.name_${p.index} (${p.dir})` }));
    const anchorProbe = probed[experiment.anchor];
    // A task without labels (a feature extractor) reads inputs alone.
    const opened = await openSplits(container, experiment.data, layout, warn, task.labels === 'none');
    const splits = withModelClasses(opened, task, (labelled) => outputWidth(architecture, anchorProbe, opened.train, layout, labelled), `the anchor ${anchorProbe.where}`);
    const evalBatch = await probeModels(architecture, probed, splits.train, layout, task, {
      size: experiment.evalBatchSize,
      setting: 'eval.batch_size',
      given: experiment.evalBatchSizeSet,
    });
    if (evalBatch.source === 'fitted') progress.line(`    eval.batch_size ${evalBatch.size}: ${evalBatch.reason}`);
    // Every forward pass from here on uses the chosen size.
    experiment = { ...experiment, evalBatchSize: evalBatch.size };
    run.onExperiment(experiment);
    const side = anchorSideFiles(architecture, anchor.dir, splits.train.assets, warn);
    const writer = runWriter(experiment.file, experiment.onnx, { architecture, config: anchor.config, pixels: splits.train.pixels, sideFiles: side }, options.writer);
    times.data = done();

    const onMap = (recorded: RecordedMap) => {
      maps.record(recorded);
      options.onMap?.(recorded);
    };
    const fusion = methodsStage({ onMap, container, architecture, parents, experiment, setup, train: splits.train, progress, warn });
    times.activations = sum(fusion.outcomes.map((o) => o.seconds.activations));
    times.fusion = sum(fusion.outcomes.map((o) => o.seconds.fusion));
    const fusedModels = fusion.outcomes.filter((o): o is FusedModel => o.weights !== undefined);
    // With only_eval_ot only the first method's model is evaluated (and finetuned).
    const evaluated = experiment.evaluateAll ? fusedModels : fusedModels.filter((o) => o.method.id === experiment.methods[0].id);

    // The same statistics reset for every evaluated fused model, so the comparison stays fair.
    let reset: { models: Map<string, Map<string, HostTensor>>; samples: number } | undefined;
    if (experiment.bnReset) {
      done = progress.stage(`reset normalisation statistics on ${Math.min(experiment.bnReset.samples, splits.train.size)} train examples`);
      const models = new Map(evaluated.map((o) => [o.method.id, o.weights]));
      const { reset: recomputed, samples } = resetStatistics(architecture, anchor.config, models, splits.train, experiment.bnReset, warn);
      reset = { models: recomputed, samples };
      times.bnReset = done();
    }

    // A task without labels (a feature extractor) is compared with the parents instead of scored.
    const unlabelled = task.labels === 'none' ? `task '${task.id}' has no labels` : undefined;
    const asModel = (weights: ReadonlyMap<string, HostTensor>): ModelUnderTest => ({ architecture, config: anchor.config, task, weights });
    const forwardPasses: string[] = [];
    const noteForward = forwardNotes((text) => progress.line(`    ${text}`), forwardPasses);
    const trainingSteps: string[] = [];
    const noteTraining = trainingNotes((text) => progress.line(`    ${text}`), trainingSteps);
    const resetScore = async (fused: FusedModel): Promise<Pick<ModelResult, 'bnReset'>> => {
      const weights = reset?.models.get(fused.method.id);
      if (!weights || unlabelled) return {};
      const score = await scoreModel(asModel(weights), splits.test, experiment.evalBatchSize, noteForward);
      progress.line(`    ${fused.method.label} after the statistics reset: ${describe(score)}`);
      return { bnReset: score };
    };
    done = progress.stage(`evaluate on ${splits.test.size} test examples`);
    // A small parent's tensors are read once, for its score and for the landscape and the
    // barrier, and let go after those; a large one's are read from its checkpoint each time.
    const parentWeights = new ParentWeights(options.keptParentBytes);
    const results: ModelResult[] = [];
    for (const parent of parents) {
      const name = `model ${parent.index}${parent.index === experiment.anchor ? ' (anchor)' : ''}`;
      const oneShot = experiment.evaluateAll && !unlabelled ? await scoreModel({ architecture, config: parent.config, task, weights: parentWeights.all(parent) }, splits.test, experiment.evalBatchSize, noteForward) : null;
      results.push({ name, kind: 'parent', path: parent.dir, oneShot });
      progress.line(`    ${name}: ${describe(oneShot)}`);
    }
    const resultOf = new Map<string, ModelResult>();
    for (const fused of fusedModels) {
      const scored = evaluated.includes(fused);
      const oneShot = scored && !unlabelled ? await scoreModel(asModel(fused.weights), splits.test, experiment.evalBatchSize, noteForward) : null;
      // Only a task without labels reads the parents here (a labelled run may not read them at all).
      const parentModels = () => parents.map((p) => ({ index: p.index, model: { architecture, config: p.config, task, weights: parentWeights.all(p) } }));
      const comparisons = scored && unlabelled ? await compareWithParents(asModel(fused.weights), parentModels(), splits.test, experiment.evalBatchSize) : undefined;
      progress.line(`    ${fused.method.label}: ${comparisons ? describeComparisons(comparisons) : describe(oneShot)}`);
      const result: ModelResult = { name: fused.method.label, kind: 'fused', method: fused.method.id, oneShot, ...(comparisons ? { comparisons } : {}), ...(scored ? await resetScore(fused) : {}) };
      results.push(result);
      resultOf.set(fused.method.id, result);
    }
    times.evaluation = done();

    const figuresStart = performance.now();
    const other = parents.find((p) => p.index !== experiment.anchor);
    const parentScore = (parent: Parent | undefined) => results.find((r) => r.kind === 'parent' && r.path === parent?.dir)?.oneShot;
    const corners = evaluated.slice(0, 2).map((fused) => ({ method: fused.method, weights: fused.weights, score: resultOf.get(fused.method.id)?.oneShot ?? null }));
    const plane = unlabelled ? { landscape: { skipped: unlabelled }, barrier: { skipped: unlabelled } } : await planeFigures({
      settings: experiment.landscape,
      model: { architecture, config: anchor.config, task },
      batchSize: experiment.evalBatchSize,
      anchor: parentWeights.source(anchor),
      other: other && { weights: parentWeights.source(other), index: other.index },
      corners,
      cornersMissing: planeMissing(experiment, fusion.outcomes, evaluated),
      modelCount: parents.length,
      scored: { anchor: parentScore(anchor), other: parentScore(other) },
      test: splits.test,
      runSeconds: (figuresStart - started) / 1000,
      onForward: noteForward,
      progress,
    });
    times.figures = (performance.now() - figuresStart) / 1000;
    parentWeights.clear();

    const finetuned = new Map<string, Finetuned>();
    const finetuneLosses: { name: string; losses: number[] }[] = [];
    if (experiment.finetune && unlabelled) warn(`finetuning skipped: ${unlabelled} to train on`);
    if (experiment.finetune && !unlabelled) {
      const settings = experiment.finetune;
      done = progress.stage(`finetune ${inWords(evaluated.map((o) => o.method.label))} (${settings.steps} steps each)`);
      let evaluationSeconds = 0;
      for (const fused of evaluated) {
        const result = resultOf.get(fused.method.id) as ModelResult;
        // With the statistics reset, finetuning starts from the reset model.
        const weights = reset?.models.get(fused.method.id) ?? fused.weights;
        const count = tenthsCounter(progress, `${result.name} step`);
        const tuned = await finetuneModel(asModel(weights), splits.train, settings, (step, total, loss) => count(step, total, `loss ${loss.toFixed(4)}`), noteTraining);
        finetuned.set(fused.method.id, tuned);
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
    const tag = pipelineTag(architecture, anchor.config, task.id);
    const write = (folder: string, weights: ReadonlyMap<string, HostTensor>, fused: FusedModel, after: AfterFusion) => {
      const scores = { data: `${splits.test.size} test examples of ${splits.description.dataset}`, rows: cardScoreRows(results, fused.method.id, parents) };
      const card = fusedModelCard({ parents, anchor: experiment.anchor, method: fused.method, setup, pipelineTag: tag, samples: fusion.activations.used, after, scores });
      writeModel(output.path(folder), { ...fusedModel(architecture, anchor, weights, side), card }, { writer });
      outputs.push(folder);
    };
    return output.complete(() => {
      for (const fused of fusedModels) write(fused.method.folder, fused.weights, fused, { kind: 'fused' });
      for (const fused of fusedModels) {
        const weights = reset?.models.get(fused.method.id);
        if (weights && reset) write(`${fused.method.folder}-bn-reset`, weights, fused, { kind: 'bn-reset', samples: reset.samples });
      }
      for (const fused of fusedModels) {
        const tuned = finetuned.get(fused.method.id);
        if (tuned && experiment.finetune) write(`${fused.method.folder}-finetuned`, tuned.weights, fused, { kind: 'finetuned', ...experiment.finetune });
      }
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
        activations: fusion.activations,
        fusion: { options: fusionOptions, capture: setup.capture },
        methods: fusion.outcomes.map(({ method, skipped, seconds }) => ({ id: method.id, label: method.label, folder: method.folder, done: skipped === undefined, ...(skipped ? { reason: skipped } : {}), seconds })),
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

/** A method's outcome that has a fused model. */
type FusedModel = MethodOutcome & { weights: Map<string, HostTensor> };

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** `a`, `a and b`, `a, b and c`. */
const inWords = (items: readonly string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);

/** Why the landscape has fewer than two fused corners, when it does. */
function planeMissing(experiment: Experiment, outcomes: readonly MethodOutcome[], evaluated: readonly MethodOutcome[]): string | undefined {
  if (evaluated.length >= 2) return undefined;
  const skipped = outcomes.find((o) => o.skipped !== undefined);
  if (skipped) return `${skipped.method.label} skipped: ${skipped.skipped}`;
  if (!experiment.evaluateAll) return 'regression.only_eval_ot is set';
  return `fusion.methods lists ${outcomes.length} method${outcomes.length === 1 ? '' : 's'}; the plane needs two`;
}

/** Everything the run reads: the output folder may not be or contain any of it. */
function inputsOf(experiment: Experiment): string[] {
  return [experiment.file, ...experiment.models, ...dataInputPaths(experiment.data)];
}

/** A fused feature extractor against each parent, in a few words. */
function describeComparisons(comparisons: readonly OutputComparison[]): string {
  return comparisons
    .map((c) => {
      const [squared, cosine, cka] = comparisonCells(c);
      const tokens = c.tokens ? comparisonCells(c.tokens) : undefined;
      return `vs model ${c.parent}: mean squared difference ${squared}, cosine ${cosine}, linear CKA ${cka}${tokens ? `; tokens: cosine ${tokens[1]}, linear CKA ${tokens[2]}` : ''}`;
    })
    .join('; ');
}

function describe(score: Score | null | undefined): string {
  return describeScore(score);
}
