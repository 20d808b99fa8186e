import { AlignmentGraph, DEFAULT_GRAPH_OPTIONS, GraphBuilder, GraphOptions } from '@otfuse/core';
import { HfLlamaConfig } from './config';

/** Parameter names, as stored in `model.safetensors`, and the captured activations. */
export const HF_LLAMA_PARAMS = {
  hiddenWeight: 'hidden.weight',
  hiddenBias: 'hidden.bias',
  headWeight: 'head.weight',
  headBias: 'head.bias',
} as const;
export const HF_LLAMA_HIDDEN = 'hidden';
export const HF_LLAMA_HEAD = 'head';

/**
 * The hidden layer owns a transport map (its neurons, aligned by their activations); the head
 * consumes it and its outputs, the labels, are fixed. Without `fuseGenerator` the head is the
 * anchor's and the hidden layer keeps its neurons.
 */
export function hfLlamaGraph(_config: HfLlamaConfig, options: GraphOptions = DEFAULT_GRAPH_OPTIONS): AlignmentGraph {
  const graph = new GraphBuilder();
  const hidden = graph.linear({
    id: HF_LLAMA_HIDDEN,
    weight: HF_LLAMA_PARAMS.hiddenWeight,
    bias: HF_LLAMA_PARAMS.hiddenBias,
    input: null,
    activation: HF_LLAMA_HIDDEN,
    fixedOutput: !options.fuseGenerator,
  });
  graph.linear({
    id: HF_LLAMA_HEAD,
    weight: HF_LLAMA_PARAMS.headWeight,
    bias: HF_LLAMA_PARAMS.headBias,
    input: hidden,
    fixedOutput: true,
    anchorOnly: !options.fuseGenerator,
  });
  return graph.build();
}
