import { AlignmentGraph, DEFAULT_GRAPH_OPTIONS, GraphBuilder, GraphOptions, MapRef } from '@otfuse/core';
import { convBatchNormNodes } from '../layers/graph-parts';
import { ResnetConfig } from './config';
import { ResnetBlockSpec, resnetBlocks } from './layout';
import { RESNET_CLASSIFIER_LINEAR, RESNET_EMBEDDER, RESNET_STEM, param } from './names';

/**
 * The transport-map flow of a HuggingFace ResNet: the stem's map flows through its max pool
 * into the first residual stream; in each residual layer the branch's convolutions solve their
 * own maps, and the junction combines the stream's map (identity shortcut) or the projection
 * shortcut's own map with the branch's by the residual policy; the global average pool passes
 * the stream's map to the classifier, whose outputs are fixed. Activation keys are HuggingFace
 * module names.
 */
export function resnetGraph(config: ResnetConfig, options: GraphOptions = DEFAULT_GRAPH_OPTIONS): AlignmentGraph {
  const g = new GraphBuilder();
  const blocks = resnetBlocks(config);
  const fixed = options.fuseGenerator ? new Set<string>() : finalStreamWriters(blocks);
  let stream = convBatchNormNodes(g, RESNET_STEM, null, fixed.has(RESNET_STEM));
  let streamKey = RESNET_EMBEDDER;
  for (const block of blocks) {
    const skip = block.shortcut ? convBatchNormNodes(g, block.shortcut.module, stream, fixed.has(block.shortcut.module)) : stream;
    const last = block.layers[block.layers.length - 1];
    const branch = block.layers.reduce<MapRef>((input, layer) => convBatchNormNodes(g, layer.module, input, fixed.has(layer.module)), stream);
    stream = g.residual({ id: block.module, skip, branch, skipActivation: block.shortcut?.module ?? streamKey, branchActivation: last.module });
    streamKey = block.module;
  }
  g.linear({
    id: RESNET_CLASSIFIER_LINEAR,
    weight: param(RESNET_CLASSIFIER_LINEAR, 'weight'),
    bias: param(RESNET_CLASSIFIER_LINEAR, 'bias'),
    input: stream,
    fixedOutput: true,
    anchorOnly: !options.fuseGenerator,
  });
  return g.build();
}

/**
 * With the anchor's classifier (`fuseGenerator: false`) the stream entering it must keep the
 * anchor's channels: every layer writing into the last residual stream keeps its outputs. That
 * stream starts at the last projection shortcut (or the stem) and every later block's last
 * branch layer adds to it.
 */
function finalStreamWriters(blocks: readonly ResnetBlockSpec[]): Set<string> {
  const start = blocks.map((block) => block.shortcut !== null).lastIndexOf(true);
  const writers = new Set<string>([start < 0 ? RESNET_STEM : (blocks[start].shortcut as { module: string }).module]);
  for (const block of blocks.slice(Math.max(start, 0))) writers.add(block.layers[block.layers.length - 1].module);
  return writers;
}
