import type { ParameterSpec } from '@otfuse/extension';
import { CORPUS_DEFAULTS } from './corpus';

/** How a corpus's data sets name its documents in their parameters' descriptions. */
export interface CorpusWords {
  /** One document: `address`, `chapter`. */
  document: string;
  /** Several: `addresses`, `chapters`. */
  documents: string;
  /** What the passage rule says about the text's paragraphs. */
  paragraphs: string;
}

/** The parameters every data set of a corpus takes (`CorpusOptions`). */
export function corpusParameters(words: CorpusWords): ParameterSpec[] {
  return [
    { name: 'split', type: 'enum', values: ['train', 'test'], default: CORPUS_DEFAULTS.split, description: `Which split to load (whole ${words.documents}: no ${words.document} is in both).` },
    { name: 'max_length', type: 'integer', minimum: 3, maximum: 512, default: CORPUS_DEFAULTS.max_length, description: 'Tokens per example, [CLS] and [SEP] included: longer passages are cut, shorter ones padded.' },
    { name: 'passage_words', type: 'integer', minimum: 1, default: CORPUS_DEFAULTS.passage_words, description: `A passage is a run of consecutive whole sentences of at least this many words (${words.paragraphs}).` },
    { name: 'vocab_size', type: 'integer', minimum: 6, default: CORPUS_DEFAULTS.vocab_size, description: 'Size of the WordPiece vocabulary built from the corpus (bert-base-uncased pieces, most used first) when dir is not given.' },
    { name: 'dir', type: 'string', optional: true, description: 'Folder with the vocab.txt to tokenise with (a model folder otfuse wrote); default: build the vocabulary from the corpus.' },
    { name: 'test_fraction', type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 0.9, default: CORPUS_DEFAULTS.test_fraction, description: `Share of the ${words.documents} in the test split.` },
    { name: 'split_seed', type: 'integer', default: CORPUS_DEFAULTS.split_seed, description: `Seeds which ${words.documents} are test ${words.documents} and the order of the passages.` },
  ];
}
