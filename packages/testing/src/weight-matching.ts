import { ArchitecturePlugin, HostTensor, ModelToFuse, fuseByMethod, register as registerMethods } from '@otfuse/core';
import { container as rootContainer } from 'tsyringe';

/**
 * Weight matching of `permuted` onto `anchor` (the anchor last), averaged: the tensors whose
 * fused values are not the anchor's bit for bit, with the first differing index. A permuted copy
 * must come back exactly, since matching only moves values and half of twice a float is itself.
 */
export function tensorsWeightMatchingMisses<Config>(architecture: ArchitecturePlugin<Config>, permuted: ModelToFuse<Config>, anchor: ModelToFuse<Config>): string[] {
  const container = rootContainer.createChildContainer();
  registerMethods(container);
  const { weights } = fuseByMethod({ container, architecture, models: [permuted, anchor], method: 'weight_matching' });
  const misses: string[] = [];
  for (const name of anchor.weights.names()) {
    const fused: HostTensor | undefined = weights.get(name);
    const expected = anchor.weights.tensor(name);
    const values = expected.dataSync();
    expected.dispose();
    const at = fused ? values.findIndex((v, i) => !Object.is(v, fused.data[i])) : 0;
    if (!fused || fused.data.length !== values.length || at >= 0) misses.push(`${name} (first difference at ${at})`);
  }
  const extra = [...weights.keys()].filter((name) => !anchor.weights.names().includes(name));
  return [...misses, ...extra.map((name) => `${name} (not in the anchor)`)];
}
