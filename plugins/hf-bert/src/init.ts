import { HostTensor, hfTransformerDraws, initParameters } from '@otfuse/core';
import { BertConfig } from './config';
import { BERT_WORD_EMBEDDINGS, bertParam } from './names';
import { bertStoredName, bertStoredParameters } from './parameters';

/**
 * Seeded parameters drawn as HuggingFace's `BertPreTrainedModel._init_weights` draws them:
 * linear weights and embedding tables from N(0, initializer_range²), the padding token's
 * word-embedding row zero (`padding_idx`), biases 0, LayerNorm weights 1. Drawn in
 * `named_parameters()` order: one seed, one model. Named as the checkpoint names them.
 */
export function initBert(config: BertConfig, seed: number): Record<string, HostTensor> {
  const params = initParameters(bertStoredParameters(config), seed, hfTransformerDraws(config.initializerRange));
  params[bertStoredName(config)(bertParam(BERT_WORD_EMBEDDINGS, 'weight'))].data.fill(0, config.padTokenId * config.hiddenSize, (config.padTokenId + 1) * config.hiddenSize);
  return params;
}
