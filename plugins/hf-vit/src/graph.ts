import { AlignmentGraph, DEFAULT_GRAPH_OPTIONS, GraphBuilder, GraphOptions, MapRef, storedParams } from '@otfuse/core';
import { VitConfig } from './config';
import {
  VIT_CLASSIFIER,
  VIT_CLS_TOKEN,
  VIT_EMBEDDINGS,
  VIT_FINAL_LAYERNORM,
  VIT_PATCH_EMBEDDINGS,
  VIT_PATCH_PROJECTION,
  VIT_POOLER_DENSE,
  VIT_POSITION_EMBEDDINGS,
  VitLayerPart,
  vitLayerKey,
} from './names';
import { vitStoredName } from './parameters';

/**
 * The transport-map flow of a HuggingFace ViT (ALGORITHM.md §2): the CLS token aligned on its
 * own, position and patch embeddings joined by a residual junction, pre-LN encoder blocks, the
 * final layer norm and the output layer: the classifier, or a `ViTModel`'s pooler (its output is
 * the model's: fixed outputs, aligned on their input). Parameters are the checkpoint's names;
 * activation keys are the classifier's module names.
 */
export function vitGraph(config: VitConfig, options: GraphOptions = DEFAULT_GRAPH_OPTIONS): AlignmentGraph {
  const g = new GraphBuilder();
  const stored = vitStoredName(config);
  const p = storedParams(stored);
  // The CLS token is aligned by its own map, which does not flow on; its features are the stream's.
  g.embedding({ id: VIT_CLS_TOKEN, param: stored(VIT_CLS_TOKEN), propagate: false, featureSpace: VIT_EMBEDDINGS });
  const position = g.embedding({ id: VIT_POSITION_EMBEDDINGS, param: stored(VIT_POSITION_EMBEDDINGS) });
  const patches = g.linear({ id: VIT_PATCH_PROJECTION, ...p.linear(VIT_PATCH_PROJECTION), input: null, activation: VIT_PATCH_EMBEDDINGS });
  let stream = g.residual({
    id: VIT_EMBEDDINGS,
    skip: position,
    branch: patches,
    skipActivation: { param: stored(VIT_POSITION_EMBEDDINGS) },
    branchActivation: VIT_PATCH_EMBEDDINGS,
  });
  for (let i = 0; i < config.numLayers; i++) {
    const lastFused = i === config.numLayers - 1 && !options.fuseGenerator;
    stream = encoderBlock(g, p, config, i, stream, lastFused);
  }
  const finalNorm = g.norm({ id: VIT_FINAL_LAYERNORM, params: p.norm(VIT_FINAL_LAYERNORM), input: stream });
  const output = config.head === 'base' ? VIT_POOLER_DENSE : VIT_CLASSIFIER;
  g.linear({ id: output, ...p.linear(output), input: finalNorm, fixedOutput: true, anchorOnly: !options.fuseGenerator });
  return g.build();
}

/**
 * A pre-LN block: LN → attention → junction → LN → FF0 → FF1 → junction. In the last fused
 * block (`fuse_gen: false`) FF1 keeps its neurons and no junction follows, so the stream
 * leaving it carries no map.
 */
function encoderBlock(g: GraphBuilder, p: ReturnType<typeof storedParams>, config: VitConfig, i: number, input: MapRef, lastFused: boolean): MapRef {
  const key = (part: VitLayerPart) => vitLayerKey(i, part);
  const blockInput = i === 0 ? VIT_EMBEDDINGS : vitLayerKey(i - 1);
  const normBefore = g.norm({ id: key('layernorm_before'), params: p.norm(key('layernorm_before')), input });
  const projection = (part: VitLayerPart, withBias = true) => ({
    weight: p.weight(key(part)),
    bias: withBias ? p.bias(key(part)) : undefined,
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
  const normAfter = g.norm({ id: key('layernorm_after'), params: p.norm(key('layernorm_after')), input: afterAttention });
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
