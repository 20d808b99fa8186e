import { AlignmentGraph, DEFAULT_GRAPH_OPTIONS, GraphBuilder, GraphOptions, MapRef } from '@otfuse/core';
import { VitConfig } from './config';
import {
  VIT_CLASSIFIER,
  VIT_CLS_TOKEN,
  VIT_EMBEDDINGS,
  VIT_FINAL_LAYERNORM,
  VIT_PATCH_EMBEDDINGS,
  VIT_PATCH_PROJECTION,
  VIT_POSITION_EMBEDDINGS,
  VitLayerPart,
  vitLayerKey,
  vitParam,
} from './names';

const weight = (module: string) => vitParam(module, 'weight');
const bias = (module: string) => vitParam(module, 'bias');
const linearParams = (module: string) => ({ weight: weight(module), bias: bias(module) });

/**
 * The transport-map flow of a HuggingFace ViT (ALGORITHM.md §2): the CLS token aligned on its
 * own, position and patch embeddings joined by a residual junction, pre-LN encoder blocks, the
 * final layer norm and the classifier. Activation keys are HuggingFace module names.
 */
export function vitGraph(config: VitConfig, options: GraphOptions = DEFAULT_GRAPH_OPTIONS): AlignmentGraph {
  const g = new GraphBuilder();
  // The CLS token is aligned by its own map, which does not flow on; its features are the stream's.
  g.embedding({ id: VIT_CLS_TOKEN, param: VIT_CLS_TOKEN, propagate: false, featureSpace: VIT_EMBEDDINGS });
  const position = g.embedding({ id: VIT_POSITION_EMBEDDINGS, param: VIT_POSITION_EMBEDDINGS });
  const patches = g.linear({ id: VIT_PATCH_PROJECTION, ...linearParams(VIT_PATCH_PROJECTION), input: null, activation: VIT_PATCH_EMBEDDINGS });
  let stream = g.residual({
    id: VIT_EMBEDDINGS,
    skip: position,
    branch: patches,
    skipActivation: { param: VIT_POSITION_EMBEDDINGS },
    branchActivation: VIT_PATCH_EMBEDDINGS,
  });
  for (let i = 0; i < config.numLayers; i++) {
    const lastFused = i === config.numLayers - 1 && !options.fuseGenerator;
    stream = encoderBlock(g, config, i, stream, lastFused);
  }
  const finalNorm = g.norm({ id: VIT_FINAL_LAYERNORM, params: [weight(VIT_FINAL_LAYERNORM), bias(VIT_FINAL_LAYERNORM)], input: stream });
  g.linear({
    id: VIT_CLASSIFIER,
    ...linearParams(VIT_CLASSIFIER),
    input: finalNorm,
    fixedOutput: true,
    anchorOnly: !options.fuseGenerator,
  });
  return g.build();
}

/**
 * A pre-LN block: LN → attention → junction → LN → FF0 → FF1 → junction. In the last fused
 * block (`fuse_gen: false`) FF1 keeps its neurons and no junction follows, so the stream
 * leaving it carries no map.
 */
function encoderBlock(g: GraphBuilder, config: VitConfig, i: number, input: MapRef, lastFused: boolean): MapRef {
  const key = (part: VitLayerPart) => vitLayerKey(i, part);
  const blockInput = i === 0 ? VIT_EMBEDDINGS : vitLayerKey(i - 1);
  const normBefore = g.norm({ id: key('layernorm_before'), params: [weight(key('layernorm_before')), bias(key('layernorm_before'))], input });
  const projection = (part: VitLayerPart, withBias = true) => ({
    weight: weight(key(part)),
    bias: withBias ? bias(key(part)) : undefined,
    activation: key(part),
  });
  const attention = g.attention({
    id: key('attention'),
    input: normBefore,
    heads: config.numHeads,
    q: projection('attention.attention.query', config.qkvBias),
    k: projection('attention.attention.key', config.qkvBias),
    v: projection('attention.attention.value', config.qkvBias),
    o: projection('attention.output.dense'),
  });
  const afterAttention = g.residual({
    id: `${key('attention')}+residual`,
    skip: input,
    branch: attention,
    skipActivation: blockInput,
    branchActivation: key('attention'),
  });
  const normAfter = g.norm({ id: key('layernorm_after'), params: [weight(key('layernorm_after')), bias(key('layernorm_after'))], input: afterAttention });
  const ff0 = g.linear({ id: key('intermediate.dense'), ...projection('intermediate.dense'), input: normAfter });
  const ff1 = g.linear({ id: key('output.dense'), ...projection('output.dense'), input: ff0, fixedOutput: lastFused });
  if (lastFused) return ff1;
  return g.residual({
    id: `${key('output.dense')}+residual`,
    skip: afterAttention,
    branch: ff1,
    // The reference weighs this junction's skip path by the block input plus the attention output.
    skipActivation: [blockInput, key('attention')],
    branchActivation: key('output.dense'),
  });
}
