import { AlignmentGraph, GraphNode, activationKeys, mapInputs, ownedParameters } from '../graph/nodes';

export interface FusionStep {
  node: GraphNode;
  /** Maps no later step reads: dropped after this step. */
  releaseMaps: string[];
  /** Activations no later step reads: disposed after this step. */
  releaseActivations: string[];
}

export interface FusionPlan {
  steps: FusionStep[];
  /** Every activation key some node reads, in first-use order (what to capture). */
  activationKeys: string[];
}

export interface PlanOptions {
  /** Neurons are described by activations (else by weights: no alignment activations needed). */
  alignmentActivations: boolean;
  /** The residual policy weighs maps by activations. */
  residualActivations: boolean;
}

/**
 * Orders the work and computes each map's and activation's last use, so execution frees them
 * as early as possible. Needs no tensors, so it is testable and printable on its own.
 */
export function planFusion(graph: AlignmentGraph, options: PlanOptions = { alignmentActivations: true, residualActivations: false }): FusionPlan {
  const lastMapUse = new Map<string, number>();
  const lastActivationUse = new Map<string, number>();
  const keys: string[] = [];
  graph.nodes.forEach((node, index) => {
    lastMapUse.set(node.id, index);
    for (const ref of mapInputs(node)) lastMapUse.set(ref, index);
    const needed = activationKeys(node);
    const used = [...(options.alignmentActivations ? needed.alignment : []), ...(options.residualActivations ? needed.residual : [])];
    for (const key of used) {
      if (!lastActivationUse.has(key)) keys.push(key);
      lastActivationUse.set(key, index);
    }
  });
  const releasedAt = (table: Map<string, number>, index: number) =>
    [...table].filter(([, last]) => last === index).map(([id]) => id);
  const steps = graph.nodes.map((node, index) => ({
    node,
    releaseMaps: releasedAt(lastMapUse, index),
    releaseActivations: releasedAt(lastActivationUse, index),
  }));
  return { steps, activationKeys: keys };
}

/** A human-readable plan, for dry runs. */
export function describePlan(plan: FusionPlan): string {
  return plan.steps
    .map((step, i) => {
      const node = step.node;
      const reads = mapInputs(node);
      const params = ownedParameters(node);
      return `${String(i + 1).padStart(3)}. ${node.kind.padEnd(9)} ${node.id}` +
        (reads.length ? `  ← ${reads.join(', ')}` : '') +
        (params.length ? `  [${params.join(', ')}]` : '');
    })
    .join('\n');
}
