import type * as tf from '@tensorflow/tfjs';
import type { Extension, ParameterValues } from '@otfuse/extension';
import type { AlignmentGraph } from './graph/nodes';
import type { ForwardStage } from './staged-forward';
import type { HostTensor } from './weights';

export interface CaptureRequest {
  /** Activation keys the graph asks for. */
  keys: readonly string[];
  /** The architecture's capture parameters, validated against its `parameters` (defaults filled in). */
  options?: ParameterValues;
}

export interface ForwardResult {
  logits: tf.Tensor;
  /** One `[rows, features]` matrix per requested key. */
  activations: Map<string, tf.Tensor2D>;
}

/** Structural fusion choices a graph depends on. */
export interface GraphOptions {
  /** Fuse the output head (classifier/generator). When false it is copied from the anchor and the layer feeding it keeps its neurons (the reference's `fuse_gen`). */
  fuseGenerator: boolean;
}

export const DEFAULT_GRAPH_OPTIONS: GraphOptions = { fuseGenerator: true };

/**
 * What an architecture plugin provides. The engine never names an architecture: it walks the
 * plugin's graph and calls its forward pass for activations. Its `parameters` are its capture
 * parameters (token filters, pre-activation outputs), set from experiment files under
 * `fusion.acts`; one it does not declare is an error, never ignored.
 */
export interface ArchitecturePlugin<Config = unknown> extends Extension {
  /** True when a model folder's `config.json` belongs to this architecture. */
  detect(configJson: Readonly<Record<string, unknown>>): boolean;
  /** The typed config, with a clear error for unsupported options. */
  normalizeConfig(configJson: Readonly<Record<string, unknown>>): Config;
  /** The `config.json` written next to a model of this architecture. */
  configJson(config: Config): Record<string, unknown>;
  graph(config: Config, options?: GraphOptions): AlignmentGraph;
  /**
   * The eval forward pass as ordered stages (embeddings, each block, the head), recording the
   * requested activations. Fusion runs every parent stage by stage over all samples, so only
   * one stage's parameters and activations are held at a time.
   */
  stages(config: Config, capture?: CaptureRequest): ForwardStage[];
  /** The whole forward pass, differentiable in `params` (usually `runStages` over `stages`). */
  forward(config: Config, params: Readonly<Record<string, tf.Tensor>>, inputs: tf.Tensor, capture?: CaptureRequest): ForwardResult;
  /** Every parameter's name and shape for this config, in checkpoint order (what `init` builds, without drawing values). */
  parameterShapes(config: Config): Map<string, number[]>;
  /** Fresh, seeded parameters. */
  init(config: Config, seed: number): Record<string, HostTensor>;
}
