import { AlignmentGraph, DEFAULT_GRAPH_OPTIONS, GraphBuilder, GraphOptions } from '@otfuse/core';
import { HfGpt2Config } from './config';

/** Parameter names, as stored in `model.safetensors`, and the captured activations. */
export const HF_GPT2_PARAMS = {
  hiddenWeight: 'hidden.weight',
  hiddenBias: 'hidden.bias',
  headWeight: 'head.weight',
  headBias: 'head.bias',
} as const;
export const HF_GPT2_HIDDEN = 'hidden';
export const HF_GPT2_HEAD = 'head';

/**
 * The hidden layer owns a transport map (its neurons, aligned by their activations); the head
 * consumes it and its outputs, the labels, are fixed. Without `fuseGenerator` the head is the
 * anchor's and the hidden layer keeps its neurons.
 */
export function hfGpt2Graph(_config: HfGpt2Config, options: GraphOptions = DEFAULT_GRAPH_OPTIONS): AlignmentGraph {
  const graph = new GraphBuilder();
  const hidden = graph.linear({
    id: HF_GPT2_HIDDEN,
    weight: HF_GPT2_PARAMS.hiddenWeight,
    bias: HF_GPT2_PARAMS.hiddenBias,
    input: null,
    activation: HF_GPT2_HIDDEN,
    fixedOutput: !options.fuseGenerator,
  });
  graph.linear({
    id: HF_GPT2_HEAD,
    weight: HF_GPT2_PARAMS.headWeight,
    bias: HF_GPT2_PARAMS.headBias,
    input: hidden,
    fixedOutput: true,
    anchorOnly: !options.fuseGenerator,
  });
  return graph.build();
}
