import type { HostTensor, InMemoryWeights } from '@otfuse/core';
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
