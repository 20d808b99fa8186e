import * as tf from '@tensorflow/tfjs';
import type { DependencyContainer } from 'tsyringe';
import { type ParameterValues, Registry, resolveParameters } from '@otfuse/extension';
import { GROUND_METRIC, OT_SOLVER } from '@otfuse/ot';
import type { ArchitecturePlugin } from './architecture';
import { FusionError } from './errors';
import { FusionProgress, RecordedMap, fuseWeights } from './engine/execute';
import type { HostProductTransposed } from './engine/cross-gram';
import { MapSolver } from './engine/map-solver';
import { FusionOptions, FusionOptionsInput, activationNeeds, resolveFusionOptions } from './engine/options';
import { FusionPlan, planFusion } from './engine/plan';
import { StagedCapture } from './engine/staged-capture';
import type { AlignmentGraph } from './graph/nodes';
import { HostTensor, ModelWeights } from './weights';

export interface ModelToFuse<Config> {
  config: Config;
  weights: ModelWeights;
}

/** Everything decided before any tensor is touched: resolved options, the graph and its plan. */
export interface FusionSetup {
  options: FusionOptions;
  /** The architecture's capture parameters, validated against what it declares. */
  capture: ParameterValues;
  graph: AlignmentGraph;
  plan: FusionPlan;
}

/**
 * Validates the capture parameters against the architecture's declared ones (an undeclared
 * one is an error naming the architecture), builds the anchor's graph and the plan, once per
 * run (a dry run prints this plan).
 */
export function prepareFusion<Config>(
  architecture: ArchitecturePlugin<Config>,
  anchorConfig: Config,
  options: FusionOptions,
  captureOptions: Readonly<Record<string, unknown>> = {},
): FusionSetup {
  const capture = resolveParameters(`architecture '${architecture.id}'`, architecture.parameters, captureOptions);
  const graph = architecture.graph(anchorConfig, { fuseGenerator: options.fuseGenerator });
  return { options, capture, graph, plan: planFusion(graph, activationNeeds(options)) };
}

export interface FuseModelsArgs<Config> {
  container: DependencyContainer;
  architecture: ArchitecturePlugin<Config>;
  models: readonly ModelToFuse<Config>[];
  /** Options to resolve; ignored when `setup` is given. */
  options?: FusionOptionsInput;
  /** A setup from `prepareFusion`, so a caller that already planned does not plan again. */
  setup?: FusionSetup;
  /** The models were checked against the setup's graph already (skips that check). */
  shapesChecked?: boolean;
  /** Inputs whose activations describe neurons (activation mode): `[samples, ...inputShape]`. */
  samples?: tf.Tensor;
  /** The architecture's capture parameters (token filters, pre-activation outputs); ignored when `setup` is given. */
  captureOptions?: Readonly<Record<string, unknown>>;
  /** Samples per forward pass while capturing activations (default 64). */
  batchSize?: number;
  /**
   * Captured activations that wait on disk: a forward stage recording more than `bytes` over all
   * models (default `DEFAULT_SPILL_BYTES`, 512 MiB) writes its keys to a temporary folder under
   * `directory` (default the system's), and each is read back when fusion asks for it.
   */
  activationSpill?: { bytes?: number; directory?: string };
  onProgress?: (event: { stage: 'activations' | 'fusion'; done: number; total: number; detail: string }) => void;
  onMap?: (recorded: RecordedMap) => void;
  /**
   * `A·Bᵀ` of host arrays outside the WebAssembly heap (e.g. `nativeHostProductTransposed()` of
   * @otfuse/backend), for the ground costs' products. Default: TensorFlow.js computes them.
   */
  hostProduct?: HostProductTransposed;
}

export interface FusionResult {
  weights: Map<string, HostTensor>;
  options: FusionOptions;
  /** Seconds running the parents for activations, and seconds aligning and averaging. */
  seconds: { activations: number; fusion: number };
}

/**
 * OT fusion of models of one architecture. Activations are captured as the fusion walks the
 * graph: all parents advance stage by stage (embeddings, block 0, block 1, …) just far enough
 * for the node at hand, and each activation is released after its last reader, so memory is
 * bounded by one block, not by the depth of the model.
 */
export function fuseModels<Config>(args: FuseModelsArgs<Config>): FusionResult {
  const { models } = args;
  if (models.length < 2) throw new FusionError('INCOMPATIBLE_MODELS', `fusion needs at least two models, got ${models.length}`);
  const started = performance.now();
  const setup = args.setup ?? defaultSetup(args);
  const { options, plan } = setup;
  const solver = new MapSolver(
    Registry.of(args.container, OT_SOLVER).get(options.solver),
    Registry.of(args.container, GROUND_METRIC).get(options.groundMetric.type),
    options,
    args.hostProduct,
  );
  const activations = plan.activationKeys.length ? stagedCapture(args, plan.activationKeys, setup.capture) : undefined;
  try {
    const weights = fuseWeights({
      graph: setup.graph,
      plan,
      shapesChecked: args.shapesChecked,
      models: models.map((m) => m.weights),
      options,
      solver,
      activations,
      onMap: args.onMap,
      onProgress: (p: FusionProgress) => args.onProgress?.({ stage: 'fusion', done: p.step, total: p.total, detail: p.node }),
    });
    const total = (performance.now() - started) / 1000;
    const capture = activations?.seconds ?? 0;
    return { weights, options, seconds: { activations: capture, fusion: total - capture } };
  } finally {
    activations?.dispose();
  }
}

function defaultSetup<Config>(args: FuseModelsArgs<Config>): FusionSetup {
  const options = resolveFusionOptions(args.options, args.models.length);
  return prepareFusion(args.architecture, args.models[options.anchor ?? args.models.length - 1].config, options, args.captureOptions);
}

function stagedCapture<Config>(args: FuseModelsArgs<Config>, keys: readonly string[], options: ParameterValues): StagedCapture {
  const samples = args.samples;
  if (!samples) throw new FusionError('MISSING_ACTIVATION', 'activation-based fusion needs samples; pass `samples` or use weight mode');
  const capture = { keys, options };
  return new StagedCapture({
    models: args.models.map((model) => ({ stages: args.architecture.stages(model.config, capture), weights: model.weights })),
    samples,
    batchSize: args.batchSize ?? 64,
    spillBytes: args.activationSpill?.bytes,
    spillDirectory: args.activationSpill?.directory,
    onStage: (event) => args.onProgress?.({ stage: 'activations', ...event }),
  });
}
