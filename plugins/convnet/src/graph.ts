import { AlignmentGraph, DEFAULT_GRAPH_OPTIONS, GraphBuilder, GraphOptions } from '@otfuse/core';
import { ConvnetConfig } from './config';

/** Parameter names, as stored in `model.safetensors`, and the captured activations. */
export const CONVNET_PARAMS = {
  hiddenWeight: 'hidden.weight',
  hiddenBias: 'hidden.bias',
  headWeight: 'head.weight',
  headBias: 'head.bias',
} as const;
export const CONVNET_HIDDEN = 'hidden';
export const CONVNET_HEAD = 'head';

/**
 * The hidden layer owns a transport map (its neurons, aligned by their activations); the head
 * consumes it and its outputs, the labels, are fixed. Without `fuseGenerator` the head is the
 * anchor's and the hidden layer keeps its neurons.
 */
export function convnetGraph(_config: ConvnetConfig, options: GraphOptions = DEFAULT_GRAPH_OPTIONS): AlignmentGraph {
  const graph = new GraphBuilder();
  const hidden = graph.linear({
    id: CONVNET_HIDDEN,
    weight: CONVNET_PARAMS.hiddenWeight,
    bias: CONVNET_PARAMS.hiddenBias,
    input: null,
    activation: CONVNET_HIDDEN,
    fixedOutput: !options.fuseGenerator,
  });
  graph.linear({
    id: CONVNET_HEAD,
    weight: CONVNET_PARAMS.headWeight,
    bias: CONVNET_PARAMS.headBias,
    input: hidden,
    fixedOutput: true,
    anchorOnly: !options.fuseGenerator,
  });
  return graph.build();
}
