import { HostTensor, hfTransformerDraws, initParameters } from '@otfuse/core';
import { BertConfig, EncoderConfig } from './config';
import { EncoderFamily } from './family';
import { BERT } from './families/bert';
import { encoderStoredName, encoderStoredParameters } from './parameters';

/**
 * Seeded parameters drawn as HuggingFace's `_init_weights` draws an encoder's: linear weights
 * and embedding tables from N(0, initializer_range²), the padding token's word-embedding row zero
 * (`padding_idx`; RoBERTa's position table has one too), biases 0, LayerNorm weights 1. Drawn in
 * `named_parameters()` order: one seed, one model. Named as the checkpoint names them.
 */
export function initEncoder(family: EncoderFamily, config: EncoderConfig, seed: number): Record<string, HostTensor> {
  const params = initParameters(encoderStoredParameters(family, config), seed, hfTransformerDraws(config.initializerRange));
  const stored = encoderStoredName(family, config);
  const padded = family.embeddings.positionIds === 'after-padding' ? [family.embeddings.word, family.embeddings.position] : [family.embeddings.word];
  for (const table of padded) params[stored(`${table}.weight`)].data.fill(0, config.padTokenId * config.hiddenSize, (config.padTokenId + 1) * config.hiddenSize);
  return params;
}

export const initBert = (config: BertConfig, seed: number) => initEncoder(BERT, config, seed);
