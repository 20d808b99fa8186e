import type * as tf from '@tensorflow/tfjs';
import type { Extension, ParameterValues } from '@otfuse/extension';
import type { AlignmentGraph } from './graph/nodes';
import type { ForwardStage } from './staged-forward';
import type { HostTensor, ModelWeights } from './weights';

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

/** Safetensors names of the integer dtypes a checkpoint may store a tensor as. */
export type IntegerDtype = 'I64' | 'U64' | 'I32' | 'U32' | 'I16' | 'U16' | 'I8' | 'U8';

/**
 * How `transformers` reads a checkpoint whose names are not the model's own: the model names its
 * parameters as its task class does (`transformer.h.0.attn.c_attn.weight`), and hub checkpoints
 * may differ as `from_pretrained` allows.
 */
export interface CheckpointLayout {
  /**
   * `base_model_prefix` with its dot (`transformer.`). A checkpoint none of whose tensors starts
   * with it holds the base model's modules without it (an old hub GPT-2's `h.0.attn.c_attn.weight`):
   * each such tensor is read under the prefixed name when the model has that parameter.
   */
  readonly basePrefix?: string;
  /**
   * Parameters the model ties to another (`[tied, source]`: `lm_head.weight` is
   * `transformer.wte.weight`) that a checkpoint may store anyway. Stored equal to the source they
   * are the tie and are left out; stored different they are refused, naming both.
   */
  readonly ties?: readonly (readonly [string, string])[];
}

/**
 * How HuggingFace `transformers` names a model's inputs, for exports that other runtimes load
 * (ONNX for transformers.js): the exported graph takes these names, not otfuse's input tensor.
 */
export interface NamedInputs {
  /** One name: `forward`'s input itself (`pixel_values`); several: its rows, each `[batch, length]`, stacked on axis 1. */
  readonly names: readonly string[];
  /** The input's shape after the batch axis; `'length'` marks the sequence axis (text). */
  readonly shape: readonly (number | 'length')[];
  /** Integer inputs: each row's values lie in [0, bound) (token ids below the vocabulary size); absent: float inputs. */
  readonly bounds?: readonly number[];
  /** The longest sequence the model takes. */
  readonly maxLength?: number;
}

/** The forward pass in training mode, for one batch. */
export interface TrainingForwardResult {
  /** Differentiable in the trained parameters. */
  logits: tf.Tensor;
  /**
   * The new value of every buffer the pass updates (e.g. a BatchNorm's running statistics and
   * batch counter), by tensor name. The tensors are the caller's: it stores and disposes them.
   */
  buffers: Map<string, tf.Tensor>;
}

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
  /**
   * The id of the task a model of this config is trained and evaluated for (a task registered
   * under `@otfuse/train`'s `TASK`, e.g. `classification`, `masked-lm`): it decides the labels,
   * loss and metrics, which nothing infers from a tensor's shape. Usually the config's head.
   */
  task(config: Config): string;

  // Optional hooks: an architecture without them needs none of what they do.

  /** How inputs are shaped (`chw`: channels-first images, as `pixel_values`); default: derived from the config. */
  readonly inputLayout?: 'flat' | 'chw' | 'hwc';
  /**
   * The capture that records the model's token outputs (its last hidden state, one row per
   * token, padding left out): one key, with the capture parameters that keep those rows. A run
   * of a model without labels compares them with each parent's beside its outputs.
   */
  tokenOutputs?(config: Config): CaptureRequest;
  /** The inputs as `transformers` names them; an architecture without it is not exported to ONNX. */
  namedInputs?(config: Config): NamedInputs;
  /** Files beside the weights that every folder written from this model carries (a text model's tokenizer files). */
  readonly sideFiles?: readonly string[];
  /**
   * Tensors hub checkpoints of this model may hold that it has no module for (a converted ViT
   * classifier's `vit.pooler.*`), as name patterns. Loading leaves them out and says so once,
   * beside the buffers transformers stores for every model (`position_ids`, GPT-2's `attn.bias`);
   * only tensors config.json does not describe are matched, and any other stays an error.
   */
  readonly unusedCheckpointTensors?: readonly RegExp[];
  /** Where this config's checkpoints may name tensors otherwise than the plugin (see `CheckpointLayout`); default: only its own names. */
  checkpointLayout?(config: Config): CheckpointLayout;
  /**
   * Tensors that are state, not parameters (PyTorch's buffers: BatchNorm running statistics and
   * batch counters): `trainingForward` updates them, training never treats them as variables.
   */
  buffers?(config: Config): readonly string[];
  /**
   * The forward pass in training mode (BatchNorm normalises with each batch's statistics and
   * updates its running ones). Training uses it when present, `forward` otherwise; evaluation
   * always uses `forward`.
   */
  trainingForward?(config: Config, params: Readonly<Record<string, tf.Tensor>>, inputs: tf.Tensor): TrainingForwardResult;
  /** Tensors the checkpoint stores as integers (e.g. BatchNorm's `num_batches_tracked`, I64), by name; every other tensor is float32. */
  integerTensors?(config: Config): ReadonlyMap<string, IntegerDtype>;
  /**
   * The model with its normalisation statistics recomputed on `inputs` (BatchNorm's running mean
   * and variance after fusion), every other tensor as it was, in `weights`' order. Enables the
   * `fusion.bn_reset` stage of experiment files.
   */
  resetNormStatistics?(config: Config, weights: ModelWeights, inputs: tf.Tensor): Map<string, HostTensor>;
  /**
   * Why two models of this architecture cannot be fused together (another depth, head count,
   * vocabulary, …), or undefined when they can; widths that fusion aligns may differ. Checked on
   * the configs alone, before any tensor is read. Without it, models must have the same tensor names.
   */
  incompatibility?(a: Config, b: Config): string | undefined;
}
