import * as tf from '@tensorflow/tfjs';
import { type ArchitecturePlugin, type HostTensor, InMemoryWeights, loadAll } from '@otfuse/core';
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
