import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend, nativeHostProductTransposed } from '@otfuse/backend';
import { FusionError, FusionOptionsInput, OT_FUSION, fuseModels, prepareFusion, resolveFusionOptions } from '@otfuse/core';
import type { Dataset } from '@otfuse/data';
import type { DependencyContainer } from 'tsyringe';
import { createContainer } from './container';
import { fusedModel } from './models/fused-model';
import { loadParents } from './models/load-parents';
import type { ModelWriter } from './models/model-writer';
import { writeModel } from './models/write-model';
import { warnOnStderr } from './progress';
import { fusedModelCard, pipelineTag } from './report/model-cards';
import { anchorSideFiles } from './run/side-files-stage';

/** Samples whose activations align the neurons when `data` is a data set and `samples` is not given. */
export const DEFAULT_LIBRARY_SAMPLES = 200;

export interface FuseFoldersArgs {
  /** Model folders (`config.json` + `model.safetensors`) of one architecture; at least two. */
  models: readonly string[];
  /**
   * The fused model's folder: the anchor's `config.json`, the fused `model.safetensors`, the
   * files the anchor's folder carries (tokenizer, preprocessing, generation config) and a model
   * card `README.md`. It must not exist unless `replace` is true; it is
   * written atomically.
   */
  out: string;
  /**
   * Inputs whose activations describe the neurons (activation mode, the default): a data set,
   * of which the first `samples` examples are used, or a tensor `[samples, ...inputShape]`.
   * Not needed with `options: { mode: 'wts' }`.
   */
  data?: Dataset | tf.Tensor;
  /** How many examples of a `data` set to use. Default {@link DEFAULT_LIBRARY_SAMPLES}, at most the set's size. */
  samples?: number;
  /** Fusion options (solver, residual policy, anchor, …); every one has a default (`DEFAULT_FUSION_OPTIONS`). */
  options?: FusionOptionsInput;
  /** Architecture id (as `otfuse list` prints it). Default: detected from the anchor's `config.json`. */
  architecture?: string;
  /** Replace an existing `out` folder. Default false. */
  replace?: boolean;
  /** Plugin-specific capture options (e.g. hf-vit's `seqFilter`). */
  captureOptions?: Readonly<Record<string, unknown>>;
  /** Samples per forward pass while capturing activations. Default 64. */
  batchSize?: number;
  /** The plugins, solvers and metrics to use. Default: every built-in one (`createContainer()`). */
  container?: DependencyContainer;
  /** Receives the line saying which TensorFlow.js backend runs. Default: stderr. */
  log?: (line: string) => void;
  /** Receives warnings: tensors of a checkpoint that are no parameters (left out), a side file the anchor lacks, a data set tokenised with another vocabulary than the anchor's. Default: stderr. */
  warn?: (text: string) => void;
  /** The fused model's format. Default: a HuggingFace safetensors folder. */
  writer?: ModelWriter;
}

export interface FuseFoldersResult {
  /** Absolute path of the written folder. */
  out: string;
  /** Id of the architecture plugin that fused the models. */
  architecture: string;
  /** Index in `models` of the anchor, whose shapes the fused model has. */
  anchor: number;
  /** Seconds capturing activations and seconds aligning and averaging. */
  seconds: { activations: number; fusion: number };
}

/**
 * OT fusion of model folders into a new folder, in one call: opens and checks every model,
 * captures activations of `data`, aligns each model to the anchor, averages, and writes the
 * anchor's `config.json` with the fused `model.safetensors` and the anchor's side files.
 */
export async function fuseFolders(args: FuseFoldersArgs): Promise<FuseFoldersResult> {
  if (args.models.length < 2) throw new FusionError('INCOMPATIBLE_MODELS', `fuseFolders: models must name at least two folders, got ${args.models.length}`);
  await initBackend({ log: args.log });
  const options = resolveFusionOptions(args.options, args.models.length);
  const anchor = options.anchor ?? args.models.length - 1;
  const container = args.container ?? createContainer();
  const warn = args.warn ?? warnOnStderr;
  const loaded = loadParents({
    container,
    folders: args.models,
    anchor,
    architectureId: args.architecture,
    graphOptions: { fuseGenerator: options.fuseGenerator },
    warn,
  });
  let samples: { tensor: tf.Tensor; owned: boolean } | undefined;
  try {
    const anchorModel = loaded.parents[anchor];
    const sideFiles = anchorSideFiles(loaded.architecture, anchorModel.dir, args.data instanceof tf.Tensor ? undefined : args.data?.assets, warn);
    samples = options.mode === 'acts' ? sampleInputs(args) : undefined;
    const setup = prepareFusion(loaded.architecture, anchorModel.config, options, args.captureOptions);
    // loadParents checked every model against its graph: plan once, check once.
    const { weights, seconds } = fuseModels({
      container,
      architecture: loaded.architecture,
      models: loaded.parents.map(({ config, weights }) => ({ config, weights })),
      setup,
      shapesChecked: true,
      samples: samples?.tensor,
      batchSize: args.batchSize,
      hostProduct: nativeHostProductTransposed(),
    });
    const card = fusedModelCard({
      parents: loaded.parents,
      anchor,
      method: OT_FUSION,
      setup,
      pipelineTag: pipelineTag(loaded.architecture, anchorModel.config, loaded.architecture.task(anchorModel.config)),
      samples: samples?.tensor.shape[0],
    });
    writeModel(args.out, { ...fusedModel(loaded.architecture, anchorModel, weights, sideFiles), card }, { replace: args.replace, inputs: args.models, writer: args.writer });
    return { out: path.resolve(args.out), architecture: loaded.architecture.id, anchor, seconds };
  } finally {
    if (samples?.owned) samples.tensor.dispose();
    loaded.close();
  }
}

function sampleInputs(args: FuseFoldersArgs): { tensor: tf.Tensor; owned: boolean } {
  const { data } = args;
  if (data === undefined) {
    throw new FusionError('BAD_OPTION', "fuseFolders: data is required in activation mode (options.mode 'acts', the default); pass a data set or a tensor, or set options.mode to 'wts'", ['data']);
  }
  if (data instanceof tf.Tensor) return { tensor: data, owned: false };
  const requested = args.samples ?? DEFAULT_LIBRARY_SAMPLES;
  if (!Number.isInteger(requested) || requested < 1) throw new FusionError('BAD_OPTION', `fuseFolders: expected a positive integer, got ${requested}`, ['samples']);
  if (data.size === 0) throw new FusionError('BAD_OPTION', `fuseFolders: data set ${data.name} (${data.split}) is empty`, ['data']);
  const count = Math.min(requested, data.size);
  const batch = data.get(Array.from({ length: count }, (_, i) => i));
  return { tensor: tf.tensor(batch.x, batch.shape, 'float32'), owned: true };
}
