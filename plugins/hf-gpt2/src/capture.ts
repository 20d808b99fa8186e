import * as tf from '@tensorflow/tfjs';
import { ActivationRecorder, CAUSAL_TOKEN_FILTER_PARAMETERS, type CausalTokenFilter, type DecoderInputs, FusionError, LayerStackKeys, keptTokenRows, parseCausalTokenFilter, selectRows } from '@otfuse/core';
import type { ParameterSpec } from '@otfuse/extension';
import { Gpt2Config } from './config';
import { GPT2_BLOCK, GPT2_BLOCK_PARTS, GPT2_EMBEDDINGS, GPT2_LM_HEAD, GPT2_LN_F, GPT2_TRANSFORMER, GPT2_WPE, GPT2_WTE } from './names';

/** The capture parameters of hf-gpt2 (experiment files set them under `fusion.acts`): the causal token filter, and where MLP neurons are read. */
export const GPT2_CAPTURE_PARAMETERS: readonly ParameterSpec[] = [
  ...CAUSAL_TOKEN_FILTER_PARAMETERS,
  {
    name: 'pre_relu',
    type: 'boolean',
    default: true,
    description: 'describe the MLP neurons (mlp.c_fc) by their outputs before the activation; false: after',
  },
];

export interface Gpt2CaptureOptions {
  filter: CausalTokenFilter;
  /** `mlp.c_fc` is recorded before the activation (else after). */
  preActivation: boolean;
}

/** Reads `capture.options` (validated against `GPT2_CAPTURE_PARAMETERS` by the engine, or given directly); absent keys take the defaults. */
export function parseGpt2CaptureOptions(options: Readonly<Record<string, unknown>> | undefined): Gpt2CaptureOptions {
  const preRelu = options?.pre_relu ?? true;
  if (typeof preRelu !== 'boolean') throw new FusionError('BAD_OPTION', `expected true or false, got ${JSON.stringify(preRelu)}`, ['pre_relu']);
  return { filter: parseCausalTokenFilter(options), preActivation: preRelu };
}

/** The module names each forward stage can capture, in execution order (see `gpt2Stages`). */
export function gpt2StageKeys(config: Gpt2Config): LayerStackKeys {
  return new LayerStackKeys({
    embeddings: [GPT2_WTE, GPT2_WPE, GPT2_EMBEDDINGS],
    layer: GPT2_BLOCK,
    parts: GPT2_BLOCK_PARTS,
    count: config.numLayers,
    head: [GPT2_LN_F, GPT2_TRANSFORMER, GPT2_LM_HEAD],
  });
}

/** Every module name the forward pass can capture, in execution order. */
export const gpt2CaptureKeys = (config: Gpt2Config) => gpt2StageKeys(config).all();

/** Records token outputs as the rows the filter keeps, evaluated once per stage and batch from the inputs. */
export class Gpt2TokenRecorder extends ActivationRecorder {
  private rows: Int32Array | undefined;

  constructor(
    wanted: ReadonlySet<string>,
    private readonly options: Gpt2CaptureOptions,
    private readonly inputs: () => DecoderInputs,
  ) {
    super(wanted);
  }

  get preActivation(): boolean {
    return this.options.preActivation;
  }

  /** Records `x [batch·length, features]` (one row per position, in order) under each wanted key. */
  tokens(keys: readonly string[], x: tf.Tensor2D): void {
    if (this.options.filter.keep === 'all_positions') return this.output(keys, x);
    this.output(keys, x, (t) => selectRows(t as tf.Tensor2D, (this.rows ??= keptTokenRows(this.options.filter, this.inputs()))));
  }
}
