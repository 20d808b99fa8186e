import { ArchitecturePlugin, FusionSetup, HostTensor, RecordedMap, activationNeeds, fuseModels } from '@otfuse/core';
import { nativeHostProductTransposed } from '@otfuse/backend';
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
  /** The run's one resolution of options, graph and plan. */
  setup: FusionSetup;
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
  const needs = activationNeeds(args.setup.options);
  const start = performance.now();
  const samples =
    needs.alignmentActivations || needs.residualActivations
      ? selectSamples({ train: args.train, selection: experiment.samples, architecture: args.architecture, models: args.parents, batchSize: experiment.evalBatchSize, warn: args.warn })
      : undefined;
  const countFusion = tenthsCounter(progress, 'fusion step');
  const countStages = tenthsCounter(progress, 'activations, stage');
  const selectionSeconds = (performance.now() - start) / 1000;
  try {
    const { weights, seconds } = fuseModels({
      container: args.container,
      architecture: args.architecture,
      models: args.parents.map((p) => ({ config: p.config, weights: p.weights })),
      setup: args.setup,
      shapesChecked: true,
      samples: samples?.inputs,
      onMap: args.onMap,
      hostProduct: nativeHostProductTransposed(),
      batchSize: experiment.evalBatchSize,
      onProgress: (event) => (event.stage === 'fusion' ? countFusion : countStages)(event.done, event.total, event.detail),
    });
    return {
      weights,
      activations: { requested: experiment.samples.count, used: samples?.indices.length ?? 0, rejectedByLoss: samples?.rejectedByLoss ?? 0 },
      seconds: { activations: selectionSeconds + seconds.activations, fusion: seconds.fusion },
    };
  } finally {
    samples?.inputs.dispose();
  }
}
