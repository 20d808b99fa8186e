import type { ParameterSpec } from '@otfuse/extension';
import { FusionError } from '../errors';

/**
 * Which token positions of a causal language model describe its neurons. A decoder sees no
 * position after its own, so every real position is a token of its own: `none` keeps every
 * non-padding position, `all_positions` padding too, and `sample_<k>` a seeded sample of k real
 * positions per sequence (all of them where it has fewer), so long sequences need not give every
 * row.
 */
export type CausalTokenFilter = { keep: 'non_padding' } | { keep: 'all_positions' } | { keep: 'sample'; perSequence: number; seed: number };

/** The capture parameters a causal LM's token filter reads (experiment files set them under `fusion.acts`). */
export const CAUSAL_TOKEN_FILTER_PARAMETERS: readonly ParameterSpec[] = [
  {
    name: 'seq_filter',
    type: 'string',
    pattern: /none|all_positions|sample_[1-9][0-9]*/,
    patternLabel: "'none' | 'all_positions' | 'sample_<k>'",
    default: 'none',
    description: 'token positions whose activations describe neurons: every non-padding position (none), every position (all_positions), or k seeded non-padding positions per sequence (sample_<k>)',
  },
  {
    name: 'sample_seed',
    type: 'integer',
    default: 0,
    description: "seeds which positions sample_<k> keeps (the same positions in every model, whatever the batches)",
  },
];

/** Reads `seq_filter` and `sample_seed`; absent keys take the defaults. */
export function parseCausalTokenFilter(options: Readonly<Record<string, unknown>> | undefined): CausalTokenFilter {
  const filter = options?.seq_filter ?? 'none';
  const seed = options?.sample_seed ?? 0;
  if (!Number.isSafeInteger(seed)) throw new FusionError('BAD_OPTION', `expected an integer, got ${JSON.stringify(seed)}`, ['sample_seed']);
  if (filter === 'none') return { keep: 'non_padding' };
  if (filter === 'all_positions') return { keep: 'all_positions' };
  const sample = typeof filter === 'string' ? /^sample_([1-9][0-9]*)$/.exec(filter) : null;
  if (!sample) throw new FusionError('BAD_OPTION', `expected 'none', 'all_positions' or 'sample_<k>' (k ≥ 1), got ${JSON.stringify(filter)}`, ['seq_filter']);
  return { keep: 'sample', perSequence: Number(sample[1]), seed: seed as number };
}

/** Token ids and attention mask of a batch, `[batch · length]` each, sample-major. */
export interface TokenBatch {
  batch: number;
  length: number;
  ids: ArrayLike<number>;
  mask: ArrayLike<number>;
}

/**
 * Rows `s·length + t` the filter keeps, sample-major and in position order, so captures of
 * consecutive batches concatenate into the capture of the whole set. A sample is drawn from the
 * sequence's own tokens and the seed (a hash), never from its place in a batch, so every model
 * and every batching keeps the same positions.
 */
export function keptTokenRows(filter: CausalTokenFilter, tokens: TokenBatch): Int32Array {
  const { batch, length, mask } = tokens;
  const rows: number[] = [];
  for (let s = 0; s < batch; s++) {
    const real: number[] = [];
    for (let t = 0; t < length; t++) if (filter.keep === 'all_positions' || mask[s * length + t] === 1) real.push(t);
    const kept = filter.keep === 'sample' && real.length > filter.perSequence ? sampledPositions(real, tokens, s, filter) : real;
    for (const t of kept) rows.push(s * length + t);
  }
  return Int32Array.from(rows);
}

/** The k real positions of sequence `s` with the smallest hash of (seed, the sequence's ids, position), in order. */
function sampledPositions(real: number[], tokens: TokenBatch, s: number, filter: { perSequence: number; seed: number }): number[] {
  let sequence = mix(0x811c9dc5, filter.seed);
  for (const t of real) sequence = mix(sequence, tokens.ids[s * tokens.length + t]);
  const scored = real.map((t) => ({ t, key: mix(sequence, t) }));
  scored.sort((a, b) => a.key - b.key || a.t - b.t);
  return scored.slice(0, filter.perSequence).map((p) => p.t).sort((a, b) => a - b);
}

/** One FNV-1a-style step over a 32-bit integer, then a final avalanche: unsigned 32 bits. */
function mix(hash: number, value: number): number {
  let h = hash >>> 0;
  for (let byte = 0; byte < 4; byte++) {
    h ^= (value >>> (8 * byte)) & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  return h >>> 0;
}
