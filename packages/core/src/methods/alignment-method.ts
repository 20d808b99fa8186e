import type * as tf from '@tensorflow/tfjs';
import { type Extension, type ParameterValues, extensionPoint } from '@otfuse/extension';
import type { DependencyContainer } from 'tsyringe';
import type { ArchitecturePlugin } from '../architecture';
import type { HostProductTransposed } from '../engine/cross-gram';
import type { RecordedMap } from '../engine/execute';
import type { FusionResult, FusionSetup, ModelToFuse } from '../fuse-models';

/** Progress of a method's stages: activations captured, nodes or sweeps done. */
export interface MethodProgress {
  stage: 'activations' | 'fusion';
  done: number;
  total: number;
  detail: string;
}

/** What a method receives: the models, the prepared setup (options, graph, plan) and its own parameters. */
export interface AlignmentArgs<Config> {
  container: DependencyContainer;
  architecture: ArchitecturePlugin<Config>;
  models: readonly ModelToFuse<Config>[];
  setup: FusionSetup;
  /** The method's parameters, validated against `parameters` (defaults filled in). */
  params: ParameterValues;
  /** The models were checked against the setup's graph already. */
  shapesChecked?: boolean;
  /** Inputs whose activations describe neurons, for a method that needs them: `[samples, ...inputShape]`. */
  samples?: tf.Tensor;
  /** Samples per forward pass while capturing activations (default 64). */
  batchSize?: number;
  /** `A·Bᵀ` of host arrays outside the WebAssembly heap, for the products a method computes. */
  hostProduct?: HostProductTransposed;
  onProgress?: (progress: MethodProgress) => void;
  /** Receives every transport map a method solves, for reports. */
  onMap?: (recorded: RecordedMap) => void;
}

/**
 * A way to align models before averaging them: OT fusion is one, weight matching another, the
 * plain average (no alignment) the baseline. An experiment runs several side by side; the report,
 * the output folders and the landscape's corners are named by their ids.
 */
export interface AlignmentMethod extends Extension {
  /** Short name for tables and figures ("OT fusion"). */
  readonly label: string;
  /** The output folder of its fused model in an experiment's results (`otfused`). */
  readonly folder: string;
  /** Whether models of different widths can be fused (the result has the anchor's shapes). */
  readonly heterogeneous: boolean;
  /** The settings that matter for this setup, in a few words for progress lines ("acts, sinkhorn"). */
  describe?(setup: FusionSetup, params: ParameterValues): string;
  /** Whether this setup needs inputs to run on (activation-based alignment). */
  needsSamples(setup: FusionSetup): boolean;
  fuse<Config>(args: AlignmentArgs<Config>): FusionResult;
}

/** Where alignment methods are registered; `register` in @otfuse/core binds the built-in ones. */
export const ALIGNMENT_METHOD = extensionPoint<AlignmentMethod>('alignment method');
