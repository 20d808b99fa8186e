import type { HostTensor } from '@otfuse/core';

/** Σ cₖ·θₖ over the tensors of the first model (every model has its shapes). */
export function combine(terms: readonly (readonly [number, ReadonlyMap<string, HostTensor>])[]): Map<string, HostTensor> {
  const [, first] = terms[0];
  const out = new Map<string, HostTensor>();
  for (const [name, tensor] of first) {
    const data = new Float32Array(tensor.data.length);
    for (const [c, weights] of terms) {
      // A zero coefficient adds nothing, so corners of the plane are the models themselves, bit for bit.
      if (c === 0) continue;
      const source = (weights.get(name) as HostTensor).data;
      for (let i = 0; i < data.length; i++) data[i] += c * source[i];
    }
    out.set(name, { shape: [...tensor.shape], data });
  }
  return out;
}

/** Grid coordinates from −1/grid to 1 + 1/grid in steps of 1/grid: 0 and 1 are always points. */
export function planeAxis(grid: number): number[] {
  return Array.from({ length: grid + 3 }, (_, i) => (i - 1) / grid);
}

/** `(1 − u − v)·θ_anchor + u·θ_OT + v·θ_VF`: the plane through the three models. */
export function planePoint(
  u: number,
  v: number,
  models: { anchor: ReadonlyMap<string, HostTensor>; ot: ReadonlyMap<string, HostTensor>; vanilla: ReadonlyMap<string, HostTensor> },
): Map<string, HostTensor> {
  return combine([
    [1 - u - v, models.anchor],
    [u, models.ot],
    [v, models.vanilla],
  ]);
}

/**
 * Model 0 as OT fusion aligned it: with two models averaged equally, θ_OT = (θ₀ᵃ + θ_anchor)/2, so
 * θ₀ᵃ = 2·θ_OT − θ_anchor (a parameter kept from the anchor, such as a fixed head, comes out as the anchor's).
 */
export function alignedModel(ot: ReadonlyMap<string, HostTensor>, anchor: ReadonlyMap<string, HostTensor>): Map<string, HostTensor> {
  return combine([
    [2, ot],
    [-1, anchor],
  ]);
}
