import { ArchitecturePlugin, FusionOptions, HostTensor, RecordedMap, activationNeeds, fuseModels } from '@otfuse/core';
import { Dataset } from '@otfuse/data';
import type { DependencyContainer } from 'tsyringe';
import { Experiment } from '../config/experiment';
import type { Parent } from '../models/load-parents';
import { Progress, tenthsCounter } from '../progress';
import { selectSamples } from './select-samples';

export interface OtStageArgs {
  container: DependencyContainer;
  architecture: ArchitecturePlugin;
  parents: readonly Parent[];
  experiment: Experiment;
  options: FusionOptions;
  train: Dataset;
  progress: Progress;
  onMap?: (recorded: RecordedMap) => void;
  warn: (text: string) => void;
}

export interface OtStageResult {
  weights: Map<string, HostTensor>;
  activations: { requested: number; used: number; rejectedByLoss: number };
  /** Seconds choosing examples and capturing activations, and seconds aligning and averaging. */
  seconds: { activations: number; fusion: number };
}

/**
 * OT fusion: chooses the activation examples (when the options read activations), captures
 * activations and fuses, reporting progress per model and per fusion step.
 */
export function otFusionStage(args: OtStageArgs): OtStageResult {
  const { experiment, progress } = args;
  const needs = activationNeeds(args.options);
  const start = performance.now();
  const samples =
    needs.alignmentActivations || needs.residualActivations
      ? selectSamples({ train: args.train, selection: experiment.samples, architecture: args.architecture, models: args.parents, batchSize: experiment.evalBatchSize, warn: args.warn })
      : undefined;
  const activationCounters = new Map<string, ReturnType<typeof tenthsCounter>>();
  const countFusion = tenthsCounter(progress, 'fusion step');
  let firstFusionStep: number | undefined;
  try {
    const { weights } = fuseModels({
      container: args.container,
      architecture: args.architecture,
      models: args.parents.map((p) => ({ config: p.config, weights: p.weights })),
      options: experiment.fusion,
      samples: samples?.inputs,
      captureOptions: { ...experiment.capture },
      onMap: args.onMap,
      batchSize: experiment.evalBatchSize,
      onProgress: (event) => {
        if (event.stage === 'fusion') {
          firstFusionStep ??= performance.now();
          countFusion(event.done, event.total, event.detail);
          return;
        }
        if (!activationCounters.has(event.detail)) activationCounters.set(event.detail, tenthsCounter(progress, `activations of ${event.detail}`));
        activationCounters.get(event.detail)?.(event.done, event.total);
      },
    });
    const end = performance.now();
    const split = firstFusionStep ?? end;
    return {
      weights,
      activations: { requested: experiment.samples.count, used: samples?.indices.length ?? 0, rejectedByLoss: samples?.rejectedByLoss ?? 0 },
      seconds: { activations: (split - start) / 1000, fusion: (end - split) / 1000 },
    };
  } finally {
    samples?.inputs.dispose();
  }
}
