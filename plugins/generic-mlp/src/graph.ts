import { AlignmentGraph, DEFAULT_GRAPH_OPTIONS, GraphBuilder, GraphOptions, MapRef, name } from '@otfuse/core';
import { MlpConfig, layerWidths } from './config';

/** Parameter-name templates of an MLP, as stored in `model.safetensors`. */
export const MLP_WEIGHT = 'layers.{i}.weight';
export const MLP_BIAS = 'layers.{i}.bias';
export const MLP_ACTIVATION = 'layers.{i}';

/**
 * A chain of linear layers, each consuming the previous map; the classifier's outputs are fixed.
 * Without `fuseGenerator` the classifier is the anchor's and the layer feeding it keeps its neurons.
 */
export function mlpGraph(config: MlpConfig, options: GraphOptions = DEFAULT_GRAPH_OPTIONS): AlignmentGraph {
  const graph = new GraphBuilder();
  const widths = layerWidths(config);
  let input: MapRef = null;
  widths.forEach((_, i) => {
    const classifier = i === widths.length - 1;
    const feedsClassifier = i === widths.length - 2;
    input = graph.linear({
      id: name(MLP_ACTIVATION, { i }),
      weight: name(MLP_WEIGHT, { i }),
      bias: config.bias ? name(MLP_BIAS, { i }) : undefined,
      input,
      // The classifier's outputs are fixed, so nothing needs its activations.
      activation: classifier ? undefined : name(MLP_ACTIVATION, { i }),
      fixedOutput: classifier || (feedsClassifier && !options.fuseGenerator),
      anchorOnly: classifier && !options.fuseGenerator,
    });
  });
  return graph.build();
}
