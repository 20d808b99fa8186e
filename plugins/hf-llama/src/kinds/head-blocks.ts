import type { NeuronDescriptions, SolvedMap, TransportMap } from '@otfuse/core';

/**
 * Block arithmetic on row-major transport maps, for attention maps that move whole heads: the
 * descriptions of a head's features as one description, the block of a cost, and a map of
 * heads (or of head pairs) spread over the heads' features.
 */

/** `count` neurons described in `dim` each, read as `count / size` groups of `size` consecutive neurons (one description per group). */
export function grouped(d: NeuronDescriptions, size: number): NeuronDescriptions {
  return { count: d.count / size, dim: d.dim * size, data: d.data };
}

/** The `[rows, cols]` block of a row-major cost with `n1` columns. */
export function costBlock(cost: Float32Array, n1: number, rows: [number, number], cols: [number, number]): Float32Array {
  const width = cols[1] - cols[0];
  const out = new Float32Array((rows[1] - rows[0]) * width);
  for (let i = rows[0]; i < rows[1]; i++) out.set(cost.subarray(i * n1 + cols[0], i * n1 + cols[1]), (i - rows[0]) * width);
  return out;
}

/** Σ plan·cost of a solved map (its rows sum to 1): the plan's own transport cost. */
export function transportCost(solved: SolvedMap): number {
  let total = 0;
  for (let e = 0; e < solved.map.data.length; e++) total += solved.map.data[e] * solved.cost[e];
  return total / solved.map.n0;
}

/**
 * A map of `n0 × n1` units spread over their features: block `(a, b)` is `units[a, b] · inner(a, b)`,
 * where `inner(a, b)` is an `s0 × s1` map (the identity when absent: `kron(units, I)`).
 */
export function spread(units: TransportMap, s0: number, s1: number, inner?: (a: number, b: number) => TransportMap): TransportMap {
  const n0 = units.n0 * s0;
  const n1 = units.n1 * s1;
  const data = new Float32Array(n0 * n1);
  for (let a = 0; a < units.n0; a++) {
    for (let b = 0; b < units.n1; b++) {
      const weight = units.data[a * units.n1 + b];
      if (weight === 0) continue;
      const block = inner?.(a, b);
      for (let i = 0; i < s0; i++) {
        const row = (a * s0 + i) * n1 + b * s1;
        if (!block) data[row + i] = weight;
        else for (let j = 0; j < s1; j++) data[row + j] = weight * block.data[i * s1 + j];
      }
    }
  }
  return { n0, n1, data };
}

/** A cost of units spread like `spread`: every feature pair of block `(a, b)` costs `units[a, b]`. */
export function spreadCost(cost: Float32Array, n0: number, n1: number, s0: number, s1: number): Float32Array {
  const out = new Float32Array(n0 * s0 * n1 * s1);
  for (let i = 0; i < n0 * s0; i++) {
    for (let j = 0; j < n1 * s1; j++) out[i * n1 * s1 + j] = cost[Math.floor(i / s0) * n1 + Math.floor(j / s1)];
  }
  return out;
}
