import { firstDifference } from '@otfuse/core';
import { BertConfig, EncoderConfig } from './config';
import { EncoderFamily } from './family';
import { BERT } from './families/bert';
import { headSpec } from './heads';

/**
 * Two encoders of a family fuse when only their widths (hidden size, MLP size) differ: the head,
 * depth, heads, vocabulary, positions, token types, activation and (for a classifier) the labels
 * must agree; base models (whose output is the pooled or last hidden state) must agree on the
 * hidden size too. Keys are named as the family's `config.json` names them.
 */
export function encoderIncompatibility(family: EncoderFamily, a: EncoderConfig, b: EncoderConfig): string | undefined {
  const keys = family.config.keys;
  const head = headSpec(family, a);
  return firstDifference(a, b, [
    { what: 'head', key: 'architectures', of: (c) => headSpec(family, c).architecture },
    { what: 'depth', key: keys.numLayers, of: (c) => c.numLayers },
    { what: 'head count', key: keys.numHeads, of: (c) => c.numHeads },
    { what: 'vocabulary', key: keys.vocabSize, of: (c) => c.vocabSize },
    { what: 'position count', key: keys.maxPositions, of: (c) => c.maxPositions },
    ...(keys.typeVocabSize === undefined ? [] : [{ what: 'token type count', key: keys.typeVocabSize, of: (c: EncoderConfig) => c.typeVocabSize }]),
    { what: 'activation', key: keys.hiddenAct, of: (c) => c.hiddenAct },
    // A masked LM's labels are its vocabulary; only an output layer of `num_labels` classes has labels of its own.
    ...(head.outputs.some((layer) => layer.classes === 'labels') ? [{ what: 'label count', key: 'num_labels', of: (c: EncoderConfig) => c.numLabels }] : []),
    // A base model's pooled output (or last hidden state) is its output, as wide as its hidden size.
    ...(a.head === 'base' ? [{ what: 'hidden size (the pooled output)', key: keys.hiddenSize, of: (c: EncoderConfig) => c.hiddenSize }] : []),
  ]);
}

export const bertIncompatibility = (a: BertConfig, b: BertConfig) => encoderIncompatibility(BERT, a, b);
