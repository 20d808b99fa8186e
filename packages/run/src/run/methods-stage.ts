import { ALIGNMENT_METHOD, type AlignmentMethod, ArchitecturePlugin, FusionSetup, HostTensor, RecordedMap, formatShape } from '@otfuse/core';
import { nativeHostProductTransposed } from '@otfuse/backend';
import { Dataset } from '@otfuse/data';
import { Registry, resolveParameters } from '@otfuse/extension';
import type { DependencyContainer } from 'tsyringe';
import { Experiment } from '../config/experiment';
import type { Parent } from '../models/load-parents';
import { Progress, tenthsCounter } from '../progress';
import { selectSamples } from './select-samples';

export interface MethodsStageArgs {
  container: DependencyContainer;
  architecture: ArchitecturePlugin;
  parents: readonly Parent[];
  experiment: Experiment;
  /** The run's one resolution of options, graph and plan. */
  setup: FusionSetup;
  train: Dataset;
  progress: Progress;
  onMap?: (recorded: RecordedMap) => void;
  warn: (text: string) => void;
}

/** One configured method's outcome: its fused model, or why it could not run. */
export interface MethodOutcome {
  method: AlignmentMethod;
  weights?: Map<string, HostTensor>;
  skipped?: string;
  /** Seconds capturing activations (choosing their examples included) and seconds aligning and averaging. */
  seconds: { activations: number; fusion: number };
}

export interface MethodsStageResult {
  outcomes: MethodOutcome[];
  activations: { requested: number; used: number; rejectedByLoss: number };
}

/**
 * Runs every method of `fusion.methods` in order on the parents. The activation examples are
 * chosen once, when a method reads activations; a method that keeps widths is skipped, with a
 * warning, when the parents' shapes differ.
 */
export function methodsStage(args: MethodsStageArgs): MethodsStageResult {
  const { experiment, progress } = args;
  const registry = Registry.of(args.container, ALIGNMENT_METHOD);
  const methods = experiment.methods.map(({ id, params }) => {
    const method = registry.get(id);
    return { method, params: resolveParameters(`alignment method '${id}'`, method.parameters, params) };
  });
  const start = performance.now();
  const samples = methods.some(({ method }) => method.needsSamples(args.setup))
    ? selectSamples({ train: args.train, selection: experiment.samples, architecture: args.architecture, models: args.parents, batchSize: experiment.evalBatchSize, warn: args.warn })
    : undefined;
  let selectionSeconds = (performance.now() - start) / 1000;
  const widths = shapeDifference(args.parents);
  try {
    const outcomes = methods.map(({ method, params }): MethodOutcome => {
      if (!method.heterogeneous && widths !== undefined) {
        args.warn(`${method.label} skipped: ${widths}`);
        return { method, skipped: widths, seconds: { activations: 0, fusion: 0 } };
      }
      const needs = method.needsSamples(args.setup);
      const done = progress.stage(`${needs ? 'activations and ' : ''}${method.label}${method.describe ? ` (${method.describe(args.setup, params)})` : ''}`);
      const countFusion = tenthsCounter(progress, 'fusion step');
      const countStages = tenthsCounter(progress, 'activations, stage');
      const { weights, seconds } = method.fuse({
        container: args.container,
        architecture: args.architecture,
        models: args.parents.map((p) => ({ config: p.config, weights: p.weights })),
        setup: args.setup,
        params,
        shapesChecked: true,
        samples: needs ? samples?.inputs : undefined,
        onMap: args.onMap,
        hostProduct: nativeHostProductTransposed(),
        batchSize: experiment.evalBatchSize,
        onProgress: (event) => (event.stage === 'fusion' ? countFusion : countStages)(event.done, event.total, event.detail),
      });
      done();
      // The examples were chosen for the first method that reads activations.
      const activations = seconds.activations + (needs ? selectionSeconds : 0);
      if (needs) selectionSeconds = 0;
      return { method, weights, seconds: { activations, fusion: seconds.fusion } };
    });
    return { outcomes, activations: { requested: experiment.samples.count, used: samples?.indices.length ?? 0, rejectedByLoss: samples?.rejectedByLoss ?? 0 } };
  } finally {
    samples?.inputs.dispose();
  }
}

/** Why the parents cannot be averaged as they are (undefined when every shape agrees). */
export function shapeDifference(parents: readonly Parent[]): string | undefined {
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
