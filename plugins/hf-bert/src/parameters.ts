import { FusionError, formatShape } from '@otfuse/core';
import * as tf from '@tensorflow/tfjs';
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
 * Every stored parameter with its shape, in the order of PyTorch's `named_parameters()`. Tied
 * parameters appear once, as HuggingFace stores them: the masked-LM decoder's weight is
 * `bert.embeddings.word_embeddings.weight` and its bias `cls.predictions.bias`.
 */
export function bertParameterShapes(config: BertConfig): Map<string, number[]> {
  const { hiddenSize: h, intermediateSize: m } = config;
  const shapes = new Map<string, number[]>();
  const linear = (module: string, out: number, inp: number) => {
    shapes.set(bertParam(module, 'weight'), [out, inp]);
    shapes.set(bertParam(module, 'bias'), [out]);
  };
  const norm = (module: string) => {
    shapes.set(bertParam(module, 'weight'), [h]);
    shapes.set(bertParam(module, 'bias'), [h]);
  };
  shapes.set(bertParam(BERT_WORD_EMBEDDINGS, 'weight'), [config.vocabSize, h]);
  shapes.set(bertParam(BERT_POSITION_EMBEDDINGS, 'weight'), [config.maxPositions, h]);
  shapes.set(bertParam(BERT_TOKEN_TYPE_EMBEDDINGS, 'weight'), [config.typeVocabSize, h]);
  norm(BERT_EMBEDDINGS_LAYERNORM);
  for (let i = 0; i < config.numLayers; i++) {
    for (const part of ['query', 'key', 'value'] as const) linear(bertLayerKey(i, `attention.self.${part}`), h, h);
    linear(bertLayerKey(i, 'attention.output.dense'), h, h);
    norm(bertLayerKey(i, 'attention.output.LayerNorm'));
    linear(bertLayerKey(i, 'intermediate.dense'), m, h);
    linear(bertLayerKey(i, 'output.dense'), h, m);
    norm(bertLayerKey(i, 'output.LayerNorm'));
  }
  if (config.head === 'seqcls') {
    linear(BERT_POOLER_DENSE, h, h);
    linear(BERT_CLASSIFIER, config.numLabels, h);
  } else {
    shapes.set(MLM_BIAS, [config.vocabSize]);
    linear(MLM_TRANSFORM_DENSE, h, h);
    norm(MLM_TRANSFORM_LAYERNORM);
  }
  return shapes;
}

/** Throws BAD_WEIGHTS naming the first missing or mis-shaped parameter. */
export function checkBertParams(config: BertConfig, params: Readonly<Record<string, tf.Tensor>>): void {
  for (const [key, expected] of bertParameterShapes(config)) {
    const found = params[key];
    if (!found) throw new FusionError('BAD_WEIGHTS', `missing parameter '${key}' (expected shape ${formatShape(expected)})`);
    if (found.shape.length !== expected.length || found.shape.some((d, i) => d !== expected[i])) {
      throw new FusionError('BAD_WEIGHTS', `parameter '${key}': expected shape ${formatShape(expected)}, got ${formatShape(found.shape)}`);
    }
  }
}
