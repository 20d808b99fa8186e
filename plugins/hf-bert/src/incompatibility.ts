import { firstDifference } from '@otfuse/core';
import { BERT_ARCHITECTURES, BertConfig } from './config';

/**
 * Two BERTs fuse when only their widths (hidden size, MLP size) differ: the head, depth, heads,
 * vocabulary, positions, token types, activation and (for a classifier) the labels must agree.
 */
export function bertIncompatibility(a: BertConfig, b: BertConfig): string | undefined {
  return firstDifference([
    { what: 'head', key: 'architectures', a: BERT_ARCHITECTURES[a.head], b: BERT_ARCHITECTURES[b.head] },
    { what: 'depth', key: 'num_hidden_layers', a: a.numLayers, b: b.numLayers },
    { what: 'head count', key: 'num_attention_heads', a: a.numHeads, b: b.numHeads },
    { what: 'vocabulary', key: 'vocab_size', a: a.vocabSize, b: b.vocabSize },
    { what: 'position count', key: 'max_position_embeddings', a: a.maxPositions, b: b.maxPositions },
    { what: 'token type count', key: 'type_vocab_size', a: a.typeVocabSize, b: b.typeVocabSize },
    { what: 'activation', key: 'hidden_act', a: a.hiddenAct, b: b.hiddenAct },
    // A masked LM's labels are its vocabulary; only a classifier has label names of its own.
    ...(a.head === 'seqcls' ? [{ what: 'label count', key: 'num_labels', a: a.numLabels, b: b.numLabels }] : []),
  ]);
}
