import { AlignmentGraph, DEFAULT_GRAPH_OPTIONS, GraphBuilder, GraphOptions, StoredName, storedParams } from '@otfuse/core';
import { BertConfig } from './config';
import { bertHead } from './heads';
import {
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
} from './names';
import { bertStoredName } from './parameters';

/** Node parameters under the checkpoint's names; activation keys stay module names. */
function parameterNames(stored: StoredName) {
  const names = storedParams(stored);
  /** A layer whose neurons are described by its own output (the module's activation). */
  return { ...names, projection: (module: string) => ({ ...names.linear(module), activation: module }) };
}
type ParameterNames = ReturnType<typeof parameterNames>;

/**
 * The transport-map flow of a HuggingFace BERT (ALGORITHM.md §2, post-LN): the three embedding
 * tables, each aligned by its own columns, joined by residual junctions and the embeddings
 * LayerNorm; post-LN blocks; then the head's parts: the pooler, the masked-LM transform and the
 * decoder tied to the word embeddings, output layers (fixed outputs, aligned on their input).
 * A pooler nothing reads is the model's output: its outputs are fixed too. Activation keys are
 * HuggingFace module names.
 */
export function bertGraph(config: BertConfig, options: GraphOptions = DEFAULT_GRAPH_OPTIONS): AlignmentGraph {
  const g = new GraphBuilder();
  const p = parameterNames(bertStoredName(config));
  const head = bertHead(config);
  const word = g.embedding({ id: BERT_WORD_EMBEDDINGS, param: p.weight(BERT_WORD_EMBEDDINGS) });
  const position = g.embedding({ id: BERT_POSITION_EMBEDDINGS, param: p.weight(BERT_POSITION_EMBEDDINGS) });
  const tokenType = g.embedding({ id: BERT_TOKEN_TYPE_EMBEDDINGS, param: p.weight(BERT_TOKEN_TYPE_EMBEDDINGS) });
  // Position and token type are joined first, so the mean policy gives the word embeddings half the weight.
  const extra = g.residual({ id: `${BERT_POSITION_EMBEDDINGS}+${BERT_TOKEN_TYPE_EMBEDDINGS}`, skip: position, branch: tokenType, skipActivation: BERT_POSITION_EMBEDDINGS, branchActivation: BERT_TOKEN_TYPE_EMBEDDINGS });
  const summed = g.residual({ id: `${BERT_EMBEDDINGS}+sum`, skip: extra, branch: word, skipActivation: [BERT_POSITION_EMBEDDINGS, BERT_TOKEN_TYPE_EMBEDDINGS], branchActivation: BERT_WORD_EMBEDDINGS });
  let stream = g.norm({ id: BERT_EMBEDDINGS_LAYERNORM, params: p.norm(BERT_EMBEDDINGS_LAYERNORM), input: summed });
  for (let i = 0; i < config.numLayers; i++) stream = encoderBlock(g, p, config, i, stream);

  const pooledOutputs = head.outputs.some((layer) => layer.reads === 'pooled');
  const pooler = head.pooler
    ? g.linear({ id: BERT_POOLER_DENSE, ...p.projection(BERT_POOLER_DENSE), input: stream, fixedOutput: !pooledOutputs || !options.fuseGenerator, anchorOnly: !pooledOutputs && !options.fuseGenerator })
    : undefined;
  if (head.maskedLm) {
    // The tie: the decoder *is* the fused word-embedding table, so the transform must output in
    // that table's features; it takes the word embeddings' map instead of solving its own.
    const transform = g.linear({ id: MLM_TRANSFORM_DENSE, ...p.linear(MLM_TRANSFORM_DENSE), input: stream, outputMap: word });
    const transformNorm = g.norm({ id: MLM_TRANSFORM_LAYERNORM, params: p.norm(MLM_TRANSFORM_LAYERNORM), input: transform });
    g.linear({ id: MLM_DECODER, weight: p.weight(BERT_WORD_EMBEDDINGS), tiedWeight: true, bias: MLM_BIAS, input: transformNorm, fixedOutput: true, anchorOnly: !options.fuseGenerator });
  }
  for (const layer of head.outputs) {
    const input = layer.reads === 'pooled' ? (pooler as string) : stream;
    g.linear({ id: layer.module, ...p.linear(layer.module), input, fixedOutput: true, anchorOnly: !options.fuseGenerator });
  }
  return g.build();
}

/** A post-LN block: attention → junction → LayerNorm → FF0 → FF1 → junction → LayerNorm. */
function encoderBlock(g: GraphBuilder, p: ParameterNames, config: BertConfig, i: number, input: string): string {
  const key = (part: BertLayerPart) => bertLayerKey(i, part);
  const blockInput = i === 0 ? BERT_EMBEDDINGS : bertLayerKey(i - 1);
  const attention = g.attention({
    id: key('attention'),
    input,
    heads: config.numHeads,
    q: p.projection(key('attention.self.query')),
    k: p.projection(key('attention.self.key')),
    v: p.projection(key('attention.self.value')),
    o: p.projection(key('attention.output.dense')),
  });
  const afterAttention = g.residual({ id: `${key('attention')}+residual`, skip: input, branch: attention, skipActivation: blockInput, branchActivation: key('attention.output.dense') });
  const attentionNorm = g.norm({ id: key('attention.output.LayerNorm'), params: p.norm(key('attention.output.LayerNorm')), input: afterAttention });
  const ff0 = g.linear({ id: key('intermediate.dense'), ...p.projection(key('intermediate.dense')), input: attentionNorm });
  const ff1 = g.linear({ id: key('output.dense'), ...p.projection(key('output.dense')), input: ff0 });
  const afterFeedForward = g.residual({ id: `${key('output.dense')}+residual`, skip: attentionNorm, branch: ff1, skipActivation: key('attention.output'), branchActivation: key('output.dense') });
  return g.norm({ id: key('output.LayerNorm'), params: p.norm(key('output.LayerNorm')), input: afterFeedForward });
}
