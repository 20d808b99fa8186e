import * as tf from '@tensorflow/tfjs';
import type { DependencyContainer } from 'tsyringe';
import type { ArchitecturePlugin, CaptureRequest } from './architecture';
import { GROUND_METRIC, OT_SOLVER } from './di/tokens';
import { resolveById } from './di/registry';
import { FusionError } from './errors';
import { CapturedActivations } from './engine/activations';
import { FusionProgress, RecordedMap, fuseWeights } from './engine/execute';
import { MapSolver } from './engine/map-solver';
import { FusionOptions, FusionOptionsInput, activationNeeds, resolveFusionOptions } from './engine/options';
import { planFusion } from './engine/plan';
import { HostTensor, ModelWeights, disposeAll, loadAll } from './weights';

export interface ModelToFuse<Config> {
  config: Config;
  weights: ModelWeights;
}

export interface FuseModelsArgs<Config> {
  container: DependencyContainer;
  architecture: ArchitecturePlugin<Config>;
  models: readonly ModelToFuse<Config>[];
  options?: FusionOptionsInput;
  /** Inputs whose activations describe neurons (activation mode): `[samples, ...inputShape]`. */
  samples?: tf.Tensor;
  /** Plugin-specific capture options (token filters, pre-activation outputs). */
  captureOptions?: Readonly<Record<string, unknown>>;
  batchSize?: number;
  onProgress?: (event: { stage: 'activations' | 'fusion'; done: number; total: number; detail: string }) => void;
  onMap?: (recorded: RecordedMap) => void;
}

export interface FusionResult {
  weights: Map<string, HostTensor>;
  options: FusionOptions;
}

/** OT fusion of models of one architecture: capture activations if needed, then align and average. */
export function fuseModels<Config>(args: FuseModelsArgs<Config>): FusionResult {
  const { architecture, models } = args;
  if (models.length < 2) throw new FusionError('INCOMPATIBLE_MODELS', `fusion needs at least two models, got ${models.length}`);
  const options = resolveFusionOptions(args.options, models.length);
  const anchor = models[options.anchor ?? models.length - 1];
  const graph = architecture.graph(anchor.config, { fuseGenerator: options.fuseGenerator });
  const needs = activationNeeds(options);
  const plan = planFusion(graph, needs);
  const solver = new MapSolver(
    resolveById(args.container, OT_SOLVER, options.solver),
    resolveById(args.container, GROUND_METRIC, options.groundMetric.type),
    options,
  );
  const activations = plan.activationKeys.length ? captureActivations(args, plan.activationKeys) : undefined;
  try {
    const weights = fuseWeights({
      graph,
      models: models.map((m) => m.weights),
      options,
      solver,
      activations,
      onMap: args.onMap,
      onProgress: (p: FusionProgress) => args.onProgress?.({ stage: 'fusion', done: p.step, total: p.total, detail: p.node }),
    });
    return { weights, options };
  } finally {
    activations?.dispose();
  }
}

/** Runs every model on the samples in batches, keeping only the keys the graph reads. */
function captureActivations<Config>(args: FuseModelsArgs<Config>, keys: readonly string[]): CapturedActivations {
  const samples = args.samples;
  if (!samples) throw new FusionError('MISSING_ACTIVATION', 'activation-based fusion needs samples; pass `samples` or use weight mode');
  const batchSize = args.batchSize ?? 64;
  const count = samples.shape[0];
  const capture: CaptureRequest = { keys, options: args.captureOptions };
  const perModel = args.models.map((model, m) => {
    const params = loadAll(model.weights);
    const chunks = new Map<string, tf.Tensor2D[]>(keys.map((k) => [k, []]));
    try {
      for (let start = 0; start < count; start += batchSize) {
        const size = Math.min(batchSize, count - start);
        const batch = tf.slice(samples, start, size);
        const result = args.architecture.forward(model.config, params, batch, capture);
        batch.dispose();
        result.logits.dispose();
        for (const [key, value] of result.activations) chunks.get(key)?.push(value);
        args.onProgress?.({ stage: 'activations', done: start + size, total: count, detail: `model ${m}` });
      }
    } finally {
      disposeAll(params);
    }
    const joined = new Map<string, tf.Tensor2D>();
    for (const [key, parts] of chunks) {
      if (parts.length === 0) continue;
      joined.set(key, parts.length === 1 ? parts[0] : (tf.concat(parts, 0) as tf.Tensor2D));
      if (parts.length > 1) parts.forEach((p) => p.dispose());
    }
    return joined;
  });
  return new CapturedActivations(perModel);
}
