import * as tf from '@tensorflow/tfjs';
import { ActivationRecorder, FusionError, selectRows } from '@otfuse/core';
import type { ParameterSpec } from '@otfuse/extension';
import { HostInputs } from './inputs';

/** The capture parameters of hf-llama (experiment files set them under `fusion.acts`). */
export const LLAMA_CAPTURE_PARAMETERS: readonly ParameterSpec[] = [
  {
    name: 'seq_filter',
    type: 'enum',
    values: ['none', 'all_positions'],
    default: 'none',
    description: "tokens whose activations describe neurons: every non-padding position ('none'), or every position, padding included",
  },
];

/** True when every position, padding included, is recorded. */
export function allPositions(options: Readonly<Record<string, unknown>> | undefined): boolean {
  const filter = options?.seq_filter ?? 'none';
  if (filter !== 'none' && filter !== 'all_positions') {
    throw new FusionError('BAD_OPTION', `expected 'none' or 'all_positions', got ${JSON.stringify(filter)}`, ['seq_filter']);
  }
  return filter === 'all_positions';
}

/** Records token outputs `[batch·length, features]` as the rows of real tokens (sample-major, in sequence order), or all rows. */
export class TokenRecorder extends ActivationRecorder {
  private rows: Int32Array | undefined;

  constructor(
    wanted: ReadonlySet<string>,
    private readonly everyPosition: boolean,
    private readonly inputs: () => HostInputs,
  ) {
    super(wanted);
  }

  tokens(keys: readonly string[], x: tf.Tensor2D): void {
    if (this.everyPosition) return this.output(keys, x);
    this.output(keys, x, (t) => selectRows(t as tf.Tensor2D, (this.rows ??= realRows(this.inputs()))));
  }
}

/** Rows `s·length + t` of the real (non-padding) tokens. */
export function realRows({ batch, length, mask }: HostInputs): Int32Array {
  const rows: number[] = [];
  for (let s = 0; s < batch; s++) for (let t = 0; t < length; t++) if (mask[s * length + t] === 1) rows.push(s * length + t);
  return Int32Array.from(rows);
}
