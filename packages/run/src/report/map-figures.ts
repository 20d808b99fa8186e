import type { RecordedMap } from '@otfuse/core';

/** What report.json says of one solved transport map. */
export interface MapFigures {
  /** Position in solve order, and the name of its tensor in `maps.safetensors`. */
  index: number;
  tensor: string;
  /** The aligned model, and the graph node (with `› Q`/`› K` for attention projections). */
  model: number;
  label: string;
  /** Neurons of the aligned model (rows) and of the anchor (columns). */
  n0: number;
  n1: number;
  /** Σ plan·cost, with the plan's total mass 1 (the cost as the solver sees it). */
  otCost: number;
  /** Entropy of the plan as a distribution over its cells, in nats (log n0 for a permutation). */
  entropy: number;
  /** Mean over rows of the row's largest share: 1 for a permutation, 1/n1 for the uniform coupling. */
  permutationCloseness: number;
  /** Anchor neurons that receive no mass at all. */
  unreceived: number;
}

/** The figures of a map as the engine records it (rows scaled to sum to 1). */
export function mapFigures(recorded: RecordedMap, index: number): MapFigures {
  const { n0, n1, data } = recorded.map;
  let otCost = 0;
  let entropy = 0;
  let closeness = 0;
  const received = new Float64Array(n1);
  for (let i = 0; i < n0; i++) {
    let rowMass = 0;
    let rowMax = 0;
    for (let j = 0; j < n1; j++) {
      const t = data[i * n1 + j];
      rowMass += t;
      if (t > rowMax) rowMax = t;
      received[j] += t;
      // The engine scales the plan by n0; the plan itself has total mass 1.
      const p = t / n0;
      otCost += p * recorded.cost[i * n1 + j];
      if (p > 0) entropy -= p * Math.log(p);
    }
    closeness += rowMass > 0 ? rowMax / rowMass : 0;
  }
  return {
    index,
    tensor: mapTensorName(index),
    model: recorded.model,
    label: recorded.label,
    n0,
    n1,
    otCost,
    entropy,
    permutationCloseness: closeness / n0,
    unreceived: received.filter((mass) => mass <= 0).length,
  };
}

/** `map.007`: tensor names sort in solve order. */
export function mapTensorName(index: number): string {
  return `map.${String(index).padStart(3, '0')}`;
}
