import { ParameterTable, Params, checkParameters, storedName, storedTable } from '@otfuse/core';
import { BertConfig } from './config';
import { BertOutputLayer, bertHead, storedPrefix } from './heads';
import {
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

/** An output layer's width: the config's labels, or its fixed count. */
export const outputClasses = (config: BertConfig, layer: BertOutputLayer): number => (layer.classes === 'labels' ? config.numLabels : layer.classes);

/**
 * Every parameter, under the names of the task models (`bert.embeddings…`), in the order of
 * PyTorch's `named_parameters()`: the shapes, the initial draws and each stage's parameters
 * derive from it. Tied parameters appear once, as HuggingFace stores them: the masked-LM
 * decoder's weight is `bert.embeddings.word_embeddings.weight` and its bias `cls.predictions.bias`.
 */
export function bertParameters(config: BertConfig): ParameterTable {
  const { hiddenSize: h, intermediateSize: m } = config;
  const head = bertHead(config);
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
  if (head.pooler) table.linear(BERT_POOLER_DENSE, h, h);
  if (head.maskedLm) table.add(MLM_BIAS, [config.vocabSize], 'linear-bias', h).linear(MLM_TRANSFORM_DENSE, h, h).layerNorm(MLM_TRANSFORM_LAYERNORM, h);
  for (const layer of head.outputs) table.linear(layer.module, outputClasses(config, layer), h);
  return table;
}

/** How the checkpoint names a parameter (a base model's lack the `bert.` prefix). */
export const bertStoredName = (config: BertConfig) => storedName(storedPrefix(config));

/** The parameters under the checkpoint's names. */
export const bertStoredParameters = (config: BertConfig) => storedTable(bertParameters(config), bertStoredName(config));

export const bertParameterShapes = (config: BertConfig) => bertStoredParameters(config).shapes();

/** Throws BAD_WEIGHTS naming the first missing or mis-shaped parameter. */
export const checkBertParams = (config: BertConfig, params: Params) => checkParameters(bertParameterShapes(config), params);
