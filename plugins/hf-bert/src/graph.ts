import { AlignmentGraph, DEFAULT_GRAPH_OPTIONS, GraphBuilder, GraphOptions, MapRef, StoredName, storedParams } from '@otfuse/core';
import { BertConfig, EncoderConfig } from './config';
import { EncoderFamily } from './family';
import { BERT } from './families/bert';
import { headSpec } from './heads';
import { layerKey } from './names';
import { encoderStoredName } from './parameters';

/** Node parameters under the checkpoint's names; activation keys stay module names. */
function parameterNames(stored: StoredName) {
  const names = storedParams(stored);
  /** A layer whose neurons are described by its own output (the module's activation). */
  return { ...names, projection: (module: string) => ({ ...names.linear(module), activation: module }) };
}
type ParameterNames = ReturnType<typeof parameterNames>;

/** The embedding tables, each aligned by its own columns, joined by residual junctions, then the embeddings LayerNorm. */
function embeddings(g: GraphBuilder, p: ParameterNames, family: EncoderFamily): MapRef {
  const { word: wordModule, position: positionModule, tokenType: tokenTypeModule, module, norm } = family.embeddings;
  const word = g.embedding({ id: wordModule, param: p.weight(wordModule) });
  let extra: MapRef = g.embedding({ id: positionModule, param: p.weight(positionModule) });
  const extraActivations = [positionModule];
  if (tokenTypeModule !== undefined) {
    // Position and token type are joined first, so the mean policy gives the word embeddings half the weight.
    const tokenType = g.embedding({ id: tokenTypeModule, param: p.weight(tokenTypeModule) });
    extra = g.residual({ id: `${positionModule}+${tokenTypeModule}`, skip: extra, branch: tokenType, skipActivation: positionModule, branchActivation: tokenTypeModule });
    extraActivations.push(tokenTypeModule);
  }
  const summed = g.residual({ id: `${module}+sum`, skip: extra, branch: word, skipActivation: extraActivations, branchActivation: wordModule });
  return g.norm({ id: norm, params: p.norm(norm), input: summed });
}

/**
 * The transport-map flow of a post-LN encoder (ALGORITHM.md §2) as its family names it: the
 * embedding tables, post-LN blocks, then the head's parts: the pooler (or a classification head's
 * hidden layer), the masked-LM transform and the decoder tied to the word embeddings, output
 * layers (fixed outputs, aligned on their input). A pooler nothing reads is the model's output:
 * its outputs are fixed too. Activation keys are HuggingFace module names.
 */
export function encoderGraph(family: EncoderFamily, config: EncoderConfig, options: GraphOptions = DEFAULT_GRAPH_OPTIONS): AlignmentGraph {
  const g = new GraphBuilder();
  const p = parameterNames(encoderStoredName(family, config));
  const head = headSpec(family, config);
  let stream = embeddings(g, p, family);
  for (let i = 0; i < config.numLayers; i++) stream = encoderBlock(g, p, family, config, i, stream);

  const pooledOutputs = head.outputs.some((layer) => layer.reads === 'pooled');
  const pooler = head.pooler
    ? g.linear({ id: head.pooler.dense, ...p.projection(head.pooler.dense), input: stream, fixedOutput: !pooledOutputs || !options.fuseGenerator, anchorOnly: !pooledOutputs && !options.fuseGenerator })
    : undefined;
  if (head.maskedLm) {
    // The tie: the decoder *is* the fused word-embedding table, so the transform must output in
    // that table's features; it takes the word embeddings' map instead of solving its own.
    const { dense, norm, decoder, bias } = head.maskedLm;
    const transform = g.linear({ id: dense, ...p.linear(dense), input: stream, outputMap: family.embeddings.word });
    const transformNorm = g.norm({ id: norm.module, params: p.norm(norm.module), input: transform });
    g.linear({ id: decoder, weight: p.weight(family.embeddings.word), tiedWeight: true, bias, input: transformNorm, fixedOutput: true, anchorOnly: !options.fuseGenerator });
  }
  for (const layer of head.outputs) {
    const input = layer.reads === 'pooled' ? (pooler as MapRef) : stream;
    g.linear({ id: layer.module, ...p.linear(layer.module), input, fixedOutput: true, anchorOnly: !options.fuseGenerator });
  }
  return g.build();
}

/** A post-LN block: attention → junction → LayerNorm → FF0 → FF1 → junction → LayerNorm. */
function encoderBlock(g: GraphBuilder, p: ParameterNames, family: EncoderFamily, config: EncoderConfig, i: number, input: MapRef): MapRef {
  const block = family.block;
  const key = (part: string) => layerKey(family, i, part);
  const blockInput = i === 0 ? family.embeddings.module : layerKey(family, i - 1);
  const attention = g.attention({
    id: key('attention'),
    input,
    heads: config.numHeads,
    q: p.projection(key(block.query)),
    k: p.projection(key(block.key)),
    v: p.projection(key(block.value)),
    o: p.projection(key(block.attentionOutput.module)),
  });
  const afterAttention = g.residual({ id: `${key('attention')}+residual`, skip: input, branch: attention, skipActivation: blockInput, branchActivation: key(block.attentionOutput.module) });
  const attentionNorm = g.norm({ id: key(block.attentionNorm.module), params: p.norm(key(block.attentionNorm.module)), input: afterAttention });
  const ff0 = g.linear({ id: key(block.ff0), ...p.projection(key(block.ff0)), input: attentionNorm });
  const ff1 = g.linear({ id: key(block.ff1.module), ...p.projection(key(block.ff1.module)), input: ff0 });
  const afterFeedForward = g.residual({ id: `${key(block.ff1.module)}+residual`, skip: attentionNorm, branch: ff1, skipActivation: key(block.attentionNorm.module), branchActivation: key(block.ff1.module) });
  return g.norm({ id: key(block.outputNorm.module), params: p.norm(key(block.outputNorm.module)), input: afterFeedForward });
}

export const bertGraph = (config: BertConfig, options: GraphOptions = DEFAULT_GRAPH_OPTIONS) => encoderGraph(BERT, config, options);
