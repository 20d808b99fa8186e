import { FusionError } from '@otfuse/core';
import { SeededRandom } from '@otfuse/extension';
import { HostInputs } from './inputs';

/** Which token positions of a `[batch, length, features]` output become activation rows. */
export type TokenFilter =
  | { kind: 'non_padding' }
  | { kind: 'only_cls' }
  | { kind: 'sample'; count: number }
  | { kind: 'all_positions' };

export const TOKEN_FILTER_FORMS = ["'none' (or absent: every non-padding token)", "'only_cls'", "'sample_<k>'", "'all_positions'"] as const;

/** Reads a `seq_filter` value: absent/'none', 'only_cls', 'sample_<k>' or 'all_positions'. */
export function parseTokenFilter(value: unknown): TokenFilter {
  if (value === undefined || value === 'none') return { kind: 'non_padding' };
  if (value === 'only_cls') return { kind: 'only_cls' };
  if (value === 'all_positions') return { kind: 'all_positions' };
  const sample = typeof value === 'string' ? /^sample_([1-9]\d*)$/.exec(value) : null;
  if (sample) return { kind: 'sample', count: Number(sample[1]) };
  throw new FusionError('BAD_OPTION', `expected one of ${TOKEN_FILTER_FORMS.join(', ')}, got ${JSON.stringify(value)}`, ['seq_filter']);
}

/**
 * Rows `s·length + t` a filter keeps, sample-major and in sequence order within a sample, so
 * captures of consecutive batches concatenate into the capture of the whole set. Padding
 * (`attention_mask` 0) is never kept, except by 'all_positions'. 'only_cls' keeps position 0
 * (HuggingFace's pooler reads the same token). 'sample_<k>' keeps k real positions per sequence
 * (all of them when it has fewer), drawn from a generator seeded by `seed` and the sequence's
 * own ids, mask and token types: every model, stage and batch split draws the same positions.
 */
export function keptRows(filter: TokenFilter, inputs: HostInputs, seed: number): Int32Array {
  const { batch, length, mask } = inputs;
  const rows: number[] = [];
  for (let s = 0; s < batch; s++) {
    const start = s * length;
    if (filter.kind === 'only_cls') {
      rows.push(start);
      continue;
    }
    const real: number[] = [];
    for (let t = 0; t < length; t++) if (filter.kind === 'all_positions' || mask[start + t] === 1) real.push(start + t);
    rows.push(...(filter.kind === 'sample' && real.length > filter.count ? drawn(real, filter.count, sequenceSeed(seed, inputs, s)) : real));
  }
  return Int32Array.from(rows);
}

/** `count` of `rows` without replacement (a partial Fisher–Yates shuffle), back in sequence order. */
function drawn(rows: number[], count: number, seed: number): number[] {
  const random = new SeededRandom(seed);
  const pool = [...rows];
  for (let i = 0; i < count; i++) {
    const j = i + random.nextInt(pool.length - i);
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, count).sort((a, b) => a - b);
}

/** FNV-1a over the seed and one sequence's ids, mask and token types: a seed that depends on nothing but the sequence. */
export function sequenceSeed(seed: number, inputs: HostInputs, sample: number): number {
  let hash = 0x811c9dc5;
  const mix = (value: number) => {
    hash = Math.imul(hash ^ (value & 0xffffffff), 0x01000193) >>> 0;
  };
  mix(seed);
  mix(Math.floor(seed / 4294967296));
  const start = sample * inputs.length;
  for (let t = 0; t < inputs.length; t++) {
    mix(inputs.ids[start + t]);
    mix(inputs.mask[start + t]);
    mix(inputs.types[start + t]);
  }
  return hash;
}
