import { AlignmentGraph, DEFAULT_GRAPH_OPTIONS, GraphBuilder, GraphOptions, MapRef, storedParams } from '@otfuse/core';
import { VisionConfig, VitConfig } from './config';
import { VisionFamily } from './family';
import { VIT } from './families/vit';
import { headSpec } from './heads';
import { VitLayerPart, layerKey } from './names';
import { visionStoredName } from './parameters';

/**
 * The transport-map flow of a HuggingFace vision transformer (ALGORITHM.md §2) as its family
 * names it: each prepended token (the CLS token, DeiT's distillation token) aligned on its own,
 * position and patch embeddings joined by a residual junction, pre-LN encoder blocks, the final
 * layer norm and the head's output layers (classifiers, each on its token) or a base model's
 * pooler: the model's outputs, so fixed outputs, aligned on their input. Parameters are the
 * checkpoint's names; activation keys are the task models' module names.
 */
export function visionGraph(family: VisionFamily, config: VisionConfig, options: GraphOptions = DEFAULT_GRAPH_OPTIONS): AlignmentGraph {
  const g = new GraphBuilder();
  const stored = visionStoredName(family, config);
  const p = storedParams(stored);
  const { module, tokens, position: positionTable, projection, patches: patchEmbeddings } = family.embeddings;
  // A prepended token is aligned by its own map, which does not flow on; its features are the stream's.
  for (const token of tokens) g.embedding({ id: token, param: stored(token), propagate: false, featureSpace: module });
  const position = g.embedding({ id: positionTable, param: stored(positionTable) });
  const patches = g.linear({ id: projection, ...p.linear(projection), input: null, activation: patchEmbeddings });
  let stream = g.residual({ id: module, skip: position, branch: patches, skipActivation: { param: stored(positionTable) }, branchActivation: patchEmbeddings });
  for (let i = 0; i < config.numLayers; i++) {
    const lastFused = i === config.numLayers - 1 && !options.fuseGenerator;
    stream = encoderBlock(g, p, family, config, i, stream, lastFused);
  }
  const finalNorm = g.norm({ id: family.finalNorm, params: p.norm(family.finalNorm), input: stream });
  const head = headSpec(family, config);
  const outputs = [...(head.pooler ? [head.pooler.dense] : []), ...head.outputs.map((layer) => layer.module)];
  for (const output of outputs) g.linear({ id: output, ...p.linear(output), input: finalNorm, fixedOutput: true, anchorOnly: !options.fuseGenerator });
  return g.build();
}

export const vitGraph = (config: VitConfig, options: GraphOptions = DEFAULT_GRAPH_OPTIONS) => visionGraph(VIT, config, options);

/**
 * A pre-LN block: LN → attention → junction → LN → FF0 → FF1 → junction. In the last fused
 * block (`fuse_gen: false`) FF1 keeps its neurons and no junction follows, so the stream
 * leaving it carries no map.
 */
function encoderBlock(g: GraphBuilder, p: ReturnType<typeof storedParams>, family: VisionFamily, config: VisionConfig, i: number, input: MapRef, lastFused: boolean): MapRef {
  const key = (part: VitLayerPart) => layerKey(family, i, part);
  const blockInput = i === 0 ? family.embeddings.module : layerKey(family, i - 1);
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
