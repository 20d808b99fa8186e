import { firstDifference } from '@otfuse/core';
import { BERT_ARCHITECTURES, BertConfig } from './config';
import { bertHead } from './heads';

/**
 * Two BERTs fuse when only their widths (hidden size, MLP size) differ: the head, depth, heads,
 * vocabulary, positions, token types, activation and (for a classifier) the labels must agree;
 * base models (whose output is the pooled hidden state) must agree on the hidden size too.
 */
export function bertIncompatibility(a: BertConfig, b: BertConfig): string | undefined {
  return firstDifference(a, b, [
    { what: 'head', key: 'architectures', of: (c) => BERT_ARCHITECTURES[c.head] },
    { what: 'depth', key: 'num_hidden_layers', of: (c) => c.numLayers },
    { what: 'head count', key: 'num_attention_heads', of: (c) => c.numHeads },
    { what: 'vocabulary', key: 'vocab_size', of: (c) => c.vocabSize },
    { what: 'position count', key: 'max_position_embeddings', of: (c) => c.maxPositions },
    { what: 'token type count', key: 'type_vocab_size', of: (c) => c.typeVocabSize },
    { what: 'activation', key: 'hidden_act', of: (c) => c.hiddenAct },
    // A masked LM's labels are its vocabulary; only an output layer of `num_labels` classes has labels of its own.
    ...(bertHead(a).outputs.some((layer) => layer.classes === 'labels') ? [{ what: 'label count', key: 'num_labels', of: (c: BertConfig) => c.numLabels }] : []),
    // A base model's pooled output is its output, as wide as its hidden size.
    ...(a.head === 'base' ? [{ what: 'hidden size (the pooled output)', key: 'hidden_size', of: (c: BertConfig) => c.hiddenSize }] : []),
  ]);
}
