import { AlignmentGraph, DEFAULT_GRAPH_OPTIONS, GraphBuilder, GraphOptions } from '@otfuse/core';
import { BertConfig } from './config';
import {
  BERT_CLASSIFIER,
  BERT_EMBEDDINGS,
  BERT_EMBEDDINGS_LAYERNORM,
  BERT_POOLER_DENSE,
  BERT_POSITION_EMBEDDINGS,
  BERT_TOKEN_TYPE_EMBEDDINGS,
  BERT_WORD_EMBEDDINGS,
  BertLayerPart,
  MLM_BIAS,
  MLM_DECODER,
  MLM_TRANSFORM_DENSE,
  MLM_TRANSFORM_LAYERNORM,
  bertLayerKey,
  bertParam,
} from './names';

const weight = (module: string) => bertParam(module, 'weight');
const normParams = (module: string) => [weight(module), bertParam(module, 'bias')];
const linearParams = (module: string) => ({ weight: weight(module), bias: bertParam(module, 'bias') });
/** A layer whose neurons are described by its own output (the module's activation). */
const projection = (module: string) => ({ ...linearParams(module), activation: module });

/**
 * The transport-map flow of a HuggingFace BERT (ALGORITHM.md §2, post-LN): the three embedding
 * tables, each aligned by its own columns, joined by residual junctions and the embeddings
 * LayerNorm; post-LN blocks; then the pooler and the classifier (fixed outputs), or the masked-LM
 * transform and the decoder tied to the word embeddings. Activation keys are HuggingFace module names.
 */
export function bertGraph(config: BertConfig, options: GraphOptions = DEFAULT_GRAPH_OPTIONS): AlignmentGraph {
  const g = new GraphBuilder();
  const word = g.embedding({ id: BERT_WORD_EMBEDDINGS, param: weight(BERT_WORD_EMBEDDINGS) });
  const position = g.embedding({ id: BERT_POSITION_EMBEDDINGS, param: weight(BERT_POSITION_EMBEDDINGS) });
  const tokenType = g.embedding({ id: BERT_TOKEN_TYPE_EMBEDDINGS, param: weight(BERT_TOKEN_TYPE_EMBEDDINGS) });
  // Position and token type are joined first, so the mean policy gives the word embeddings half the weight.
  const extra = g.residual({ id: `${BERT_POSITION_EMBEDDINGS}+${BERT_TOKEN_TYPE_EMBEDDINGS}`, skip: position, branch: tokenType, skipActivation: BERT_POSITION_EMBEDDINGS, branchActivation: BERT_TOKEN_TYPE_EMBEDDINGS });
  const summed = g.residual({ id: `${BERT_EMBEDDINGS}+sum`, skip: extra, branch: word, skipActivation: [BERT_POSITION_EMBEDDINGS, BERT_TOKEN_TYPE_EMBEDDINGS], branchActivation: BERT_WORD_EMBEDDINGS });
  let stream = g.norm({ id: BERT_EMBEDDINGS_LAYERNORM, params: normParams(BERT_EMBEDDINGS_LAYERNORM), input: summed });
  for (let i = 0; i < config.numLayers; i++) stream = encoderBlock(g, config, i, stream);

  if (config.head === 'seqcls') {
    const pooler = g.linear({ id: BERT_POOLER_DENSE, ...projection(BERT_POOLER_DENSE), input: stream, fixedOutput: !options.fuseGenerator });
    g.linear({ id: BERT_CLASSIFIER, ...linearParams(BERT_CLASSIFIER), input: pooler, fixedOutput: true, anchorOnly: !options.fuseGenerator });
  } else {
    // The tie: the decoder *is* the fused word-embedding table, so the transform must output in
    // that table's features; it takes the word embeddings' map instead of solving its own.
    const transform = g.linear({ id: MLM_TRANSFORM_DENSE, ...linearParams(MLM_TRANSFORM_DENSE), input: stream, outputMap: word });
    const transformNorm = g.norm({ id: MLM_TRANSFORM_LAYERNORM, params: normParams(MLM_TRANSFORM_LAYERNORM), input: transform });
    g.linear({ id: MLM_DECODER, weight: weight(BERT_WORD_EMBEDDINGS), tiedWeight: true, bias: MLM_BIAS, input: transformNorm, fixedOutput: true, anchorOnly: !options.fuseGenerator });
  }
  return g.build();
}

/** A post-LN block: attention → junction → LayerNorm → FF0 → FF1 → junction → LayerNorm. */
function encoderBlock(g: GraphBuilder, config: BertConfig, i: number, input: string): string {
  const key = (part: BertLayerPart) => bertLayerKey(i, part);
  const blockInput = i === 0 ? BERT_EMBEDDINGS : bertLayerKey(i - 1);
  const attention = g.attention({
    id: key('attention'),
    input,
    heads: config.numHeads,
    q: projection(key('attention.self.query')),
    k: projection(key('attention.self.key')),
    v: projection(key('attention.self.value')),
    o: projection(key('attention.output.dense')),
  });
  const afterAttention = g.residual({ id: `${key('attention')}+residual`, skip: input, branch: attention, skipActivation: blockInput, branchActivation: key('attention.output.dense') });
  const attentionNorm = g.norm({ id: key('attention.output.LayerNorm'), params: normParams(key('attention.output.LayerNorm')), input: afterAttention });
  const ff0 = g.linear({ id: key('intermediate.dense'), ...projection(key('intermediate.dense')), input: attentionNorm });
  const ff1 = g.linear({ id: key('output.dense'), ...projection(key('output.dense')), input: ff0 });
  const afterFeedForward = g.residual({ id: `${key('output.dense')}+residual`, skip: attentionNorm, branch: ff1, skipActivation: key('attention.output'), branchActivation: key('output.dense') });
  return g.norm({ id: key('output.LayerNorm'), params: normParams(key('output.LayerNorm')), input: afterFeedForward });
}
