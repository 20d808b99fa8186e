import { FusionError } from '../errors';
import { alignResidual } from '../engine/handlers/residual';
import type { NodeKind } from '../graph/node-kind';
import type { GraphNode, MapRef } from '../graph/nodes';
import { definedRefs } from '../graph/refs';
import { inputWidth } from '../graph/shape-checks';

export interface ResidualNode extends GraphNode {
  kind: 'residual';
  id: string;
  skip: MapRef;
  branch: MapRef;
  /**
   * What weighs the skip path in weighted policies: anchor activations (several keys are summed,
   * e.g. the block input plus the attention output), or an anchor parameter's values.
   */
  skipActivation?: string | readonly string[] | { param: string };
  /** The anchor activation of the branch output, for weighted policies. */
  branchActivation?: string;
}

/** The activation keys a skip path is weighed by (none when a parameter weighs it). */
function skipKeys(skip: ResidualNode['skipActivation']): string[] {
  if (typeof skip === 'string') return [skip];
  return Array.isArray(skip) ? [...(skip as readonly string[])] : [];
}

/** A junction `y = x + f(x)`: owns nothing, combines the skip and branch maps by the residual policy. */
export const RESIDUAL: NodeKind<ResidualNode> = {
  kind: 'residual',
  description: 'a junction y = x + f(x): combines the skip and branch maps by the residual policy',
  ownedParameters: () => [],
  mapInputs: (node) => definedRefs(node.skip, node.branch),
  activationKeys: (node) => ({ alignment: [], residual: definedRefs(...skipKeys(node.skipActivation), node.branchActivation) }),
  checkShapes(node, _shapes, widths) {
    const skip = inputWidth(node.skip, widths);
    const branch = inputWidth(node.branch, widths);
    if (skip !== undefined && branch !== undefined && skip !== branch) {
      throw new FusionError('SHAPE_MISMATCH', `skip width ${skip} ('${node.skip}') differs from branch width ${branch} ('${node.branch}')`);
    }
    return skip ?? branch;
  },
  align: alignResidual,
  permutation: (node) => ({ spaces: [], joins: definedRefs(node.skip, node.branch).map((ref): [string, string] => [node.id, ref]), axes: [], copies: [] }),
  drawing: { fill: '#ffebe9', stroke: '#cf222e', what: 'residual junction', rounded: true },
};
