import { HostTensor, InMemoryWeights } from '@otfuse/core';
import { seededFloats } from '@otfuse/testing';

/**
 * Init draws BatchNorms at γ 1, β 0, μ 0, σ² 1 and no batches: gives every BatchNorm tensor
 * distinct seeded values instead, so that permuting or blending them shows.
 */
export function withBatchNormValues(weights: Record<string, HostTensor>, seed: number): InMemoryWeights {
  const random = seededFloats(seed);
  const modules = new Set(Object.keys(weights).filter((n) => n.endsWith('.running_mean')).map((n) => n.slice(0, -'.running_mean'.length)));
  const out: Record<string, HostTensor> = {};
  for (const [name, t] of Object.entries(weights)) {
    const tensor = name.slice(name.lastIndexOf('.') + 1);
    const draw = (f: () => number) => ({ shape: t.shape, data: Float32Array.from(t.data, f) });
    if (!modules.has(name.slice(0, name.lastIndexOf('.')))) out[name] = t;
    else if (tensor === 'weight' || tensor === 'running_var') out[name] = draw(() => 0.5 + random());
    else if (tensor === 'num_batches_tracked') out[name] = draw(() => 1 + Math.floor(random() * 100));
    else out[name] = draw(() => random() - 0.5);
  }
  return new InMemoryWeights(out);
}
