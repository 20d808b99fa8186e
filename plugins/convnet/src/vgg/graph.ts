import { AlignmentGraph, DEFAULT_GRAPH_OPTIONS, GraphBuilder, GraphOptions, MapRef } from '@otfuse/core';
import { batchNormNode } from '../layers/graph-parts';
import { VggConfig } from './config';
import { vggConvolutions, vggLinears } from './layout';

/**
 * OTFusion's flow for a plain convnet: each convolution solves its channels' map from its
 * output (before BatchNorm), which its BatchNorm, ReLU and pools pass on to the next
 * convolution, applied at every kernel position. The first linear layer's weight is
 * `[out, channels, size, size]`, so the last channel map applies at every spatial position of the
 * flattened map; each hidden linear layer solves its own map (from its output before ReLU); the
 * output layer's neurons are the labels. Without `fuseGenerator` the output layer is the
 * anchor's and the layer feeding it keeps its neurons.
 */
export function vggGraph(config: VggConfig, options: GraphOptions = DEFAULT_GRAPH_OPTIONS): AlignmentGraph {
  const g = new GraphBuilder();
  const convs = vggConvolutions(config);
  const linears = vggLinears(config);
  const feedsOutput = (index: number) => !options.fuseGenerator && index === convs.length + linears.length - 2;
  let stream: MapRef = null;
  convs.forEach((conv, i) => {
    const bias = config.bias ? `${conv.module}.bias` : undefined;
    stream = g.linear({ id: conv.module, weight: `${conv.module}.weight`, bias, input: stream, activation: conv.module, fixedOutput: feedsOutput(i) });
    if (conv.batchNorm) stream = batchNormNode(g, conv.batchNorm, stream);
  });
  linears.forEach((spec, k) => {
    const output = k === linears.length - 1;
    stream = g.linear({
      id: spec.module,
      weight: `${spec.module}.weight`,
      bias: `${spec.module}.bias`,
      input: stream,
      activation: output ? undefined : spec.module,
      fixedOutput: output || feedsOutput(convs.length + k),
      anchorOnly: output && !options.fuseGenerator,
    });
  });
  return g.build();
}
