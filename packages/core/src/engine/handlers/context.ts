import type * as tf from '@tensorflow/tfjs';
import type { MapRef } from '../../graph/nodes';
import type { ActivationStacking } from '../activations';
import type { ModelWeights } from '../../weights';
import type { MapRequest, NeuronDescriptions, SolvedMap } from '../map-solver';
import type { FusionOptions } from '../options';
import type { TransportMap } from '../transport-map';

/** What a node handler sees while aligning one model to the anchor. */
export interface AlignContext {
  readonly options: FusionOptions;
  readonly model: ModelWeights;
  readonly anchor: ModelWeights;
  /** The map a node produced for this model (`null`: no map, e.g. the raw input). */
  inputMap(ref: MapRef): TransportMap | null;
  /**
   * Preprocessed activations of (model, anchor) under `key`, as neuron descriptions. Their
   * arrays are lent for the node's step and reused by the next one: use them within `align`
   * and keep nothing of them (derived values, maps and costs are the handler's own).
   */
  describeByActivations(key: string, label: string): [NeuronDescriptions, NeuronDescriptions];
  /** The same for several keys combined (see `describeCombinedActivations`), each preprocessed on its own. */
  describeByCombinedActivations(keys: readonly string[], stacking: ActivationStacking, label: string): [NeuronDescriptions, NeuronDescriptions];
  /** Raw activations of the aligned model; owned by the store. */
  modelActivation(key: string): tf.Tensor2D;
  /** Raw activations of the anchor; owned by the store. */
  anchorActivation(key: string): tf.Tensor2D;
  solveMap(model: NeuronDescriptions, anchor: NeuronDescriptions, request: MapRequest): SolvedMap;
  /** The ground cost alone (`n0 × n1`), and the map for a given cost: for maps solved in parts. */
  groundCost(model: NeuronDescriptions, anchor: NeuronDescriptions, label: string): Float32Array;
  solveCost(cost: Float32Array, n0: number, n1: number, request: MapRequest): SolvedMap;
  /** Records a solved map for inspection (reports, heatmaps, golden comparisons). */
  recordMap(label: string, solved: SolvedMap): void;
}

/** A handler's result for one model: its parameters in the anchor's shapes, and its output map. */
export interface Aligned {
  params: Map<string, tf.Tensor>;
  map: TransportMap | null;
}
