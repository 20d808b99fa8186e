import { ParameterTable, Params, checkParameters } from '@otfuse/core';
import { BertConfig } from './config';
import {
  BERT_CLASSIFIER,
  BERT_EMBEDDINGS_LAYERNORM,
  BERT_POOLER_DENSE,
  BERT_POSITION_EMBEDDINGS,
  BERT_TOKEN_TYPE_EMBEDDINGS,
  BERT_WORD_EMBEDDINGS,
  MLM_BIAS,
  MLM_TRANSFORM_DENSE,
  MLM_TRANSFORM_LAYERNORM,
  bertLayerKey,
  bertParam,
} from './names';

/**
 * Every stored parameter, in the order of PyTorch's `named_parameters()`: the shapes, the
 * initial draws and each stage's parameters derive from it. Tied parameters appear once, as
 * HuggingFace stores them: the masked-LM decoder's weight is `bert.embeddings.word_embeddings.weight`
 * and its bias `cls.predictions.bias`.
 */
export function bertParameters(config: BertConfig): ParameterTable {
  const { hiddenSize: h, intermediateSize: m } = config;
  const table = new ParameterTable()
    .embedding(bertParam(BERT_WORD_EMBEDDINGS, 'weight'), [config.vocabSize, h])
    .embedding(bertParam(BERT_POSITION_EMBEDDINGS, 'weight'), [config.maxPositions, h])
    .embedding(bertParam(BERT_TOKEN_TYPE_EMBEDDINGS, 'weight'), [config.typeVocabSize, h])
    .layerNorm(BERT_EMBEDDINGS_LAYERNORM, h);
  for (let i = 0; i < config.numLayers; i++) {
    for (const part of ['query', 'key', 'value'] as const) table.linear(bertLayerKey(i, `attention.self.${part}`), h, h);
    table
      .linear(bertLayerKey(i, 'attention.output.dense'), h, h)
      .layerNorm(bertLayerKey(i, 'attention.output.LayerNorm'), h)
      .linear(bertLayerKey(i, 'intermediate.dense'), m, h)
      .linear(bertLayerKey(i, 'output.dense'), h, m)
      .layerNorm(bertLayerKey(i, 'output.LayerNorm'), h);
  }
  if (config.head === 'seqcls') return table.linear(BERT_POOLER_DENSE, h, h).linear(BERT_CLASSIFIER, config.numLabels, h);
  return table.add(MLM_BIAS, [config.vocabSize], 'linear-bias', h).linear(MLM_TRANSFORM_DENSE, h, h).layerNorm(MLM_TRANSFORM_LAYERNORM, h);
}

export const bertParameterShapes = (config: BertConfig) => bertParameters(config).shapes();

/** Throws BAD_WEIGHTS naming the first missing or mis-shaped parameter. */
export const checkBertParams = (config: BertConfig, params: Params) => checkParameters(bertParameterShapes(config), params);
