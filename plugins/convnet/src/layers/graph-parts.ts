import { GraphBuilder, MapRef } from '@otfuse/core';
import { batchNormParam } from './batch-norm';

/**
 * A bias-free convolution and its BatchNorm as graph nodes; returns the map leaving them. The
 * convolution is a linear node over `[out, in, k, k]` (the input map applies at every kernel
 * position), its neurons described by its output before BatchNorm (`<module>.convolution`, one
 * row per position and sample). The BatchNorm passes the map on, its running mean following it
 * and its running variance becoming the variance of the mixture it blends. The batch counter has
 * no features: a node without an incoming map averages it as it is.
 */
export function convBatchNormNodes(g: GraphBuilder, module: string, input: MapRef, fixedOutput = false): MapRef {
  const convolution = `${module}.convolution`;
  const normalization = `${module}.normalization`;
  const conv = g.linear({ id: convolution, weight: `${convolution}.weight`, input, activation: convolution, fixedOutput });
  const bn = batchNormNode(g, normalization, conv);
  return bn;
}

/** A `nn.BatchNorm2d` named `module` on the map `input`. */
export function batchNormNode(g: GraphBuilder, module: string, input: MapRef): MapRef {
  const p = (tensor: Parameters<typeof batchNormParam>[1]) => batchNormParam(module, tensor);
  const bn = g.norm({
    id: module,
    params: [p('weight'), p('bias'), p('running_mean'), p('running_var')],
    input,
    runningStatistics: { mean: p('running_mean'), variance: p('running_var') },
  });
  g.norm({ id: p('num_batches_tracked'), params: [p('num_batches_tracked')], input: null });
  return bn;
}
