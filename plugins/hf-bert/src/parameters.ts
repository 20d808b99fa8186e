import { ParameterTable, Params, checkParameters, storedName, storedTable } from '@otfuse/core';
import { BertConfig, EncoderConfig } from './config';
import { EncoderFamily, OutputLayer } from './family';
import { BERT } from './families/bert';
import { headSpec, storedPrefix } from './heads';
import { layerKey } from './names';

/** An output layer's width: the config's labels, or its fixed count. */
export const outputClasses = (config: EncoderConfig, layer: OutputLayer): number => (layer.classes === 'labels' ? config.numLabels : layer.classes);

/** The module a parameter name belongs to: `cls.predictions.bias` belongs to `cls.predictions`. */
export const moduleOf = (param: string): string => param.slice(0, param.lastIndexOf('.'));

/**
 * Every parameter, under the names of the task models (`bert.embeddings…`), in the order of
 * BERT's `named_parameters()`: the shapes, the initial draws and each stage's parameters derive
 * from it. Tied parameters appear once, as HuggingFace stores them: the masked-LM decoder's
 * weight is the word-embedding table and its bias the head's (`cls.predictions.bias`).
 */
export function encoderParameters(family: EncoderFamily, config: EncoderConfig): ParameterTable {
  const { hiddenSize: h, intermediateSize: m } = config;
  const { embeddings, block } = family;
  const head = headSpec(family, config);
  const table = new ParameterTable().embedding(`${embeddings.word}.weight`, [config.vocabSize, h]).embedding(`${embeddings.position}.weight`, [config.maxPositions, h]);
  if (embeddings.tokenType !== undefined) table.embedding(`${embeddings.tokenType}.weight`, [config.typeVocabSize, h]);
  table.layerNorm(embeddings.norm, h);
  for (let i = 0; i < config.numLayers; i++) {
    const key = (part: string) => layerKey(family, i, part);
    for (const part of [block.query, block.key, block.value]) table.linear(key(part), h, h);
    table
      .linear(key(block.attentionOutput.module), h, h)
      .layerNorm(key(block.attentionNorm.module), h)
      .linear(key(block.ff0), m, h)
      .linear(key(block.ff1.module), h, m)
      .layerNorm(key(block.outputNorm.module), h);
  }
  if (head.pooler) table.linear(head.pooler.dense, h, h);
  if (head.maskedLm) table.add(head.maskedLm.bias, [config.vocabSize], 'linear-bias', h).linear(head.maskedLm.dense, h, h).layerNorm(head.maskedLm.norm.module, h);
  for (const layer of head.outputs) table.linear(layer.module, outputClasses(config, layer), h);
  return table;
}

/** How the checkpoint names a parameter (a base model's lack the family's prefix). */
export const encoderStoredName = (family: EncoderFamily, config: EncoderConfig) => storedName(storedPrefix(family, config));

/** The parameters under the checkpoint's names. */
export const encoderStoredParameters = (family: EncoderFamily, config: EncoderConfig) => storedTable(encoderParameters(family, config), encoderStoredName(family, config));

export const encoderParameterShapes = (family: EncoderFamily, config: EncoderConfig) => encoderStoredParameters(family, config).shapes();

/** Throws BAD_WEIGHTS naming the first missing or mis-shaped parameter. */
export const checkEncoderParams = (family: EncoderFamily, config: EncoderConfig, params: Params) => checkParameters(encoderParameterShapes(family, config), params);

export const bertParameters = (config: BertConfig) => encoderParameters(BERT, config);
export const bertStoredName = (config: BertConfig) => encoderStoredName(BERT, config);
export const bertParameterShapes = (config: BertConfig) => encoderParameterShapes(BERT, config);
export const checkBertParams = (config: BertConfig, params: Params) => checkEncoderParams(BERT, config, params);
