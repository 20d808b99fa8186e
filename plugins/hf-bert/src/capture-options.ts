import { FusionError } from '@otfuse/core';
import type { ParameterSpec } from '@otfuse/extension';
import { TokenFilter, parseTokenFilter } from './token-filters';

/** The capture parameters of hf-bert (experiment files set them under `fusion.acts`). */
export const BERT_CAPTURE_PARAMETERS: readonly ParameterSpec[] = [
  {
    name: 'seq_filter',
    type: 'string',
    pattern: /none|only_cls|sample_[1-9][0-9]*|all_positions/,
    patternLabel: "'none' | 'only_cls' | 'sample_<k>' | 'all_positions'",
    default: 'none',
    description: 'tokens whose activations describe neurons: every non-padding token, the first token, k seeded non-padding tokens per sequence, or every position (padding included)',
  },
  { name: 'seed', type: 'integer', default: 0, description: "seeds the positions 'sample_<k>' draws" },
  {
    name: 'pre_relu',
    type: 'boolean',
    default: true,
    description: 'describe the MLP neurons (intermediate.dense) by their outputs before the activation; false: after',
  },
];

export interface BertCaptureOptions {
  filter: TokenFilter;
  /** Seeds the 'sample_<k>' filter. */
  seed: number;
  /** `intermediate.dense` is recorded before the activation (else after). */
  preActivation: boolean;
}

/**
 * Reads `capture.options` (validated against `BERT_CAPTURE_PARAMETERS` by the engine, or given
 * directly): `seq_filter` (see `parseTokenFilter`), `seed`, `pre_relu`. Absent keys take the
 * declared defaults.
 */
export function parseCaptureOptions(options: Readonly<Record<string, unknown>> | undefined): BertCaptureOptions {
  const seed = options?.seed ?? 0;
  if (!Number.isSafeInteger(seed)) throw new FusionError('BAD_OPTION', `expected an integer, got ${JSON.stringify(seed)}`, ['seed']);
  const preRelu = options?.pre_relu ?? true;
  if (typeof preRelu !== 'boolean') throw new FusionError('BAD_OPTION', `expected true or false, got ${JSON.stringify(preRelu)}`, ['pre_relu']);
  return { filter: parseTokenFilter(options?.seq_filter), seed: seed as number, preActivation: preRelu };
}
