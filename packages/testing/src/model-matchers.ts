import * as tf from '@tensorflow/tfjs';
import { type ArchitecturePlugin, type HostTensor, InMemoryWeights, fuseModels, loadAll } from '@otfuse/core';
import type { DependencyContainer } from 'tsyringe';
import { expectClose } from './matchers';

/** Largest elementwise difference between two parameter sets with the same names. */
export function largestWeightDifference(a: InMemoryWeights, b: InMemoryWeights): number {
  let worst = 0;
  for (const name of a.names()) {
    const [x, y] = [a.host(name).data, b.host(name).data];
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]));
  }
  return worst;
}

/** Asserts `fused` holds exactly the anchor's tensors, in its shapes, each within `atol` of its values. */
export function expectAnchorBack(fused: ReadonlyMap<string, HostTensor>, anchor: InMemoryWeights, atol: number): void {
  expect([...fused.keys()].sort()).toEqual(anchor.names().sort());
  for (const name of anchor.names()) {
    expect(fused.get(name)!.shape).toEqual(anchor.shape(name));
    expectClose(fused.get(name)!.data, anchor.host(name).data, { atol, what: name });
  }
}

/** Asserts the fused model's forward output on `inputs` is the anchor's, within `atol`. */
export function expectAnchorOutputs<Config>(architecture: ArchitecturePlugin<Config>, config: Config, fused: Map<string, HostTensor>, anchor: InMemoryWeights, inputs: tf.Tensor, atol: number): void {
  const outputs = (weights: InMemoryWeights) => {
    const params = loadAll(weights);
    const out = architecture.forward(config, params, inputs).logits;
    const data = out.dataSync().slice();
    tf.dispose([out, ...Object.values(params)]);
    return data;
  };
  expectClose(outputs(new InMemoryWeights(fused)), outputs(anchor), { atol, what: 'outputs of the fused model' });
}

/**
 * Asserts an architecture reads a folder written by `transformers` as it was written: every
 * stored tensor named with its shape, `config.json` written back with the same class and read
 * back to the same config, and the folder detected.
 */
export function expectFolderRoundTrip<Config>(architecture: ArchitecturePlugin<Config>, model: { config: Config; configJson: Record<string, unknown>; weights: InMemoryWeights }): void {
  const stored = model.weights.names().map((n) => [n, model.weights.shape(n)]);
  expect([...architecture.parameterShapes(model.config)].sort()).toEqual(stored.sort());
  const written = architecture.configJson(model.config);
  expect(written.architectures).toEqual(model.configJson.architectures);
  expect(architecture.normalizeConfig(written)).toEqual(model.config);
  expect(architecture.detect(model.configJson)).toBe(true);
}

/** A model folder in host memory, with its config. */
export interface HostModel<Config> {
  config: Config;
  weights: InMemoryWeights;
}

/**
 * Asserts that aligning `permuted` (a copy of `anchor` with its neurons permuted elsewhere, e.g.
 * in PyTorch) to the anchor, EMD on activations of `inputs`, gives the anchor's tensors and
 * outputs back within 1e-5: every permutation undone.
 */
export function expectPermutedCopyBack<Config>(fusion: {
  container: DependencyContainer;
  architecture: ArchitecturePlugin<Config>;
  anchor: HostModel<Config>;
  permuted: HostModel<Config>;
  inputs: tf.Tensor;
  captureOptions?: Record<string, unknown>;
}): void {
  const { container, architecture, anchor, permuted, inputs, captureOptions } = fusion;
  expect(largestWeightDifference(anchor.weights, permuted.weights)).toBeGreaterThan(0.05);
  const { weights } = fuseModels({ container, architecture, models: [permuted, anchor], options: { mode: 'acts', solver: 'emd' }, samples: inputs, batchSize: 4, captureOptions });
  expectAnchorBack(weights, anchor.weights, 1e-5);
  expectAnchorOutputs(architecture, anchor.config, weights, anchor.weights, inputs, 1e-5);
}
