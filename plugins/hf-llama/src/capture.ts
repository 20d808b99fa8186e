import * as tf from '@tensorflow/tfjs';
import { ActivationRecorder, CAUSAL_TOKEN_FILTER_PARAMETERS, type CausalTokenFilter, type DecoderInputs, keptTokenRows, selectRows } from '@otfuse/core';
import type { ParameterSpec } from '@otfuse/extension';

/** The capture parameters of hf-llama (experiment files set them under `fusion.acts`): the causal token filter. */
export const LLAMA_CAPTURE_PARAMETERS: readonly ParameterSpec[] = CAUSAL_TOKEN_FILTER_PARAMETERS;

/** Records token outputs `[batch·length, features]` as the rows the filter keeps (sample-major, in sequence order). */
export class TokenRecorder extends ActivationRecorder {
  private rows: Int32Array | undefined;

  constructor(
    wanted: ReadonlySet<string>,
    private readonly filter: CausalTokenFilter,
    private readonly inputs: () => DecoderInputs,
  ) {
    super(wanted);
  }

  tokens(keys: readonly string[], x: tf.Tensor2D): void {
    if (this.filter.keep === 'all_positions') return this.output(keys, x);
    this.output(keys, x, (t) => selectRows(t as tf.Tensor2D, (this.rows ??= keptTokenRows(this.filter, this.inputs()))));
  }
}
