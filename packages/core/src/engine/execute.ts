import * as tf from '@tensorflow/tfjs';
import { FusionError, formatShape, inScope } from '../errors';
import { checkModelAgainstGraph } from '../graph/check-model';
import type { NodeKind } from '../graph/node-kind';
import { nodeKindOf } from '../graph/node-kinds';
import { AlignmentGraph, GraphNode, MapRef } from '../graph/nodes';
import { HostTensor, ModelWeights, shapeTable } from '../weights';
import { ActivationStore, describeActivationPair, describeCombinedActivations } from './activations';
import { AlignContext, Aligned } from './handlers/context';
import { MapSolver, SolvedMap } from './map-solver';
import { FusionOptions, activationNeeds, averagingWeights } from './options';
import { FusionPlan, planFusion } from './plan';
import { TransportMap } from './transport-map';
import { hostScope } from './host-scope';
import { StepScratch } from './step-scratch';
import { storedTensors, viewedBy } from '../viewed-weights';

export interface FusionProgress {
  step: number;
  total: number;
  node: string;
}

export interface RecordedMap {
  /** Index of the aligned model. */
  model: number;
  label: string;
  map: TransportMap;
  cost: Float32Array | Float64Array;
}

export interface FuseWeightsArgs {
  graph: AlignmentGraph;
  models: readonly ModelWeights[];
  options: FusionOptions;
  solver: MapSolver;
  /** Required in activation mode (and for weighted residual policies). */
  activations?: ActivationStore;
  onProgress?: (progress: FusionProgress) => void;
  /** Receives every solved map in call order. */
  onMap?: (recorded: RecordedMap) => void;
  /** The plan for this graph and these options, when the caller built it already. */
  plan?: FusionPlan;
  /** The models were checked against the graph already. */
  shapesChecked?: boolean;
}

/**
 * OT fusion: every non-anchor model is aligned to the anchor node by node, then all models are
 * averaged with their weights. Output tensors have the anchor's shapes. Tensors are released
 * after their last use; the number of live tensors after the call equals the number before.
 */
export function fuseWeights(args: FuseWeightsArgs): Map<string, HostTensor> {
  const { graph, options } = args;
  const stored = args.models;
  const models = stored.map((model) => viewedBy(graph, model));
  const anchorIndex = options.anchor ?? models.length - 1;
  const weights = averagingWeights(options, models.length);
  if (!args.shapesChecked) stored.forEach((model, i) => checkModelAgainstGraph(graph, shapeTable(model), `model ${i}`));
  const anchor = models[anchorIndex];
  const plan = args.plan ?? planFusion(graph, activationNeeds(options));
  const maps = models.map(() => new Map<string, TransportMap | null>());
  const fused = new Map<string, HostTensor>();
  // Descriptions by activations are written into arrays lent for one step and reused by the next.
  const scratch = new StepScratch();

  const contextFor = (index: number): AlignContext => {
    const store = () => {
      if (!args.activations) throw new FusionError('MISSING_ACTIVATION', 'this fusion needs activations and none were captured');
      return args.activations;
    };
    return {
      options,
      model: models[index],
      anchor,
      inputMap: (ref: MapRef) => (ref === null ? null : maps[index].get(ref) ?? null),
      describeByActivations: (key: string, label: string) =>
        describeActivationPair(() => store().rows(index, key), () => store().rows(anchorIndex, key), options.acts, label, scratch.float32),
      describeByCombinedActivations: (keys, stacking, label) =>
        describeCombinedActivations(
          keys.map((key) => () => store().rows(index, key)),
          keys.map((key) => () => store().rows(anchorIndex, key)),
          stacking,
          options.acts,
          label,
          scratch.float32,
        ),
      modelActivation: (key: string) => store().get(index, key),
      anchorActivation: (key: string) => store().get(anchorIndex, key),
      solveMap: (d0, d1, request) => args.solver.solve(d0, d1, request),
      groundCost: (d0, d1, label) => args.solver.cost(d0, d1, label),
      solveCost: (cost, n0, n1, request) => args.solver.solveCost(cost, n0, n1, request),
      recordMap: (label: string, solved: SolvedMap) => args.onMap?.({ model: index, label, map: solved.map, cost: solved.cost }),
    };
  };

  plan.steps.forEach((step, stepIndex) => {
    const node = step.node;
    inScope(node.id, () => {
      const kind = nodeKindOf(node);
      if (kind.derive) {
        kind.derive(node, fused).forEach((tensor, param) => fused.set(param, tensor));
        return;
      }
      const aligned: Aligned[] = models.map((_, m) => (m === anchorIndex ? anchorAsIs(kind, node, anchor) : alignNode(kind, node, contextFor(m))));
      aligned.forEach((result, m) => maps[m].set(node.id, result.map));
      for (const [param, anchorTensor] of aligned[anchorIndex].params) {
        fused.set(param, average(param, aligned, weights, anchor.shape(param)));
        anchorTensor.dispose();
      }
      aligned.forEach((result) => result.params.forEach((t) => t.dispose()));
    });
    scratch.endStep();
    for (const id of step.releaseMaps) maps.forEach((m) => m.delete(id));
    for (const key of step.releaseActivations) args.activations?.release(key);
    args.onProgress?.({ step: stepIndex + 1, total: plan.steps.length, node: node.id });
  });
  return storedTensors(graph, fused, shapeTable(stored[anchorIndex]));
}

function alignNode(kind: NodeKind, node: GraphNode, ctx: AlignContext): Aligned {
  if (!kind.align) throw new FusionError('GRAPH_INVALID', `node kind '${kind.kind}' can neither align nor derive its parameters`);
  return kind.align(node, ctx);
}

/** The anchor's own parameters and the identity map (`null` maps stay `null` for the anchor). */
function anchorAsIs(kind: NodeKind, node: GraphNode, anchor: ModelWeights): Aligned {
  const params = new Map<string, tf.Tensor>();
  for (const name of kind.ownedParameters(node)) params.set(name, anchor.tensor(name));
  return { params, map: null };
}

function average(param: string, aligned: Aligned[], weights: number[], anchorShape: readonly number[]): HostTensor {
  return hostScope(() => {
    let sum: tf.Tensor | undefined;
    aligned.forEach((result, m) => {
      const t = result.params.get(param);
      if (!t) throw new FusionError('GRAPH_INVALID', `model ${m} produced no '${param}'`);
      if (formatShape(t.shape) !== formatShape(anchorShape)) {
        throw new FusionError('SHAPE_MISMATCH', `model ${m} aligned to ${formatShape(t.shape)}, expected the anchor's ${formatShape(anchorShape)}`, [param]);
      }
      const term = tf.mul(t, weights[m]);
      sum = sum ? tf.add(sum, term) : term;
    });
    const total = sum as tf.Tensor;
    return { shape: [...total.shape], data: total.dataSync() as Float32Array };
  });
}
