import { type SeedOrRandom, permutation } from '@otfuse/extension';
import type { Split } from '../dataset';
import { DataError } from '../errors';

/**
 * Which documents (addresses, chapters) form each split: a seeded permutation of the documents;
 * the first `round(testFraction · n)` of it are the test split. Whole documents, so no passage of
 * a test document is ever trained on. Returns positions in the documents, ascending.
 */
export function documentSplit(count: number, split: Split, testFraction: number, seed: SeedOrRandom): number[] {
  if (!(testFraction > 0 && testFraction < 1)) throw new DataError('INVALID_ARGUMENT', `test_fraction must lie in (0, 1), got ${testFraction}`);
  const order = permutation(count, seed);
  const testCount = Math.max(1, Math.min(count - 1, Math.round(testFraction * count)));
  const chosen = split === 'test' ? order.subarray(0, testCount) : order.subarray(testCount);
  return [...chosen].sort((a, b) => a - b);
}

/** Sentence ends: `.`, `!` or `?` (optionally closed by a quote or bracket) before white space and a capital, digit or quote. */
const SENTENCE_END = /(?<=[.!?]["')\]]?)\s+(?=["'(\[]?[A-Z0-9])/;

/**
 * A passage (what the data sets call a paragraph) is a run of consecutive whole sentences of at
 * least `words` words, across paragraph breaks where a text has them (the addresses have none);
 * a document's last run may be shorter, and runs under `words / 2` words are dropped.
 */
export function passages(text: string, words: number): string[] {
  const out: string[] = [];
  let current: string[] = [];
  let count = 0;
  for (const sentence of text.split(SENTENCE_END)) {
    const trimmed = sentence.trim();
    if (trimmed.length === 0) continue;
    current.push(trimmed);
    count += trimmed.split(/\s+/).length;
    if (count >= words) {
      out.push(current.join(' '));
      current = [];
      count = 0;
    }
  }
  if (current.length > 0 && count >= words / 2) out.push(current.join(' '));
  return out;
}
