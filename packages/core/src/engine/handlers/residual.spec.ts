import * as tf from '@tensorflow/tfjs';
import { useTestBackend } from '../../__tests__/setup-backend';
import { ResidualNode } from '../../graph/nodes';
import { ResidualPolicy, resolveFusionOptions } from '../options';
import { TransportMap } from '../transport-map';
import { InMemoryWeights } from '../../weights';
import { AlignContext } from './context';
import { alignResidual } from './residual';

beforeAll(useTestBackend);

const skip: TransportMap = { n0: 2, n1: 2, data: Float32Array.of(1, 0, 0, 1) };
const branch: TransportMap = { n0: 2, n1: 2, data: Float32Array.of(0, 1, 1, 0) };
const node: ResidualNode = { kind: 'residual', id: 'junction', skip: 'a', branch: 'b', skipActivation: 'x', branchActivation: 'fx' };

function combine(
  policy: ResidualPolicy,
  maps: Record<string, TransportMap | null> = { a: skip, b: branch },
  junction: ResidualNode = node,
): number[] | null {
  // Anchor activations: mean|x| = (1, 3) per feature, mean|f(x)| = (3, 1).
  const acts: Record<string, tf.Tensor2D> = { x: tf.tensor2d([[1, -3], [-1, 3]]), fx: tf.tensor2d([[3, 1], [-3, -1]]) };
  const ctx = {
    // Raw activations: no normalisation, so the weights are easy to compute by hand.
    options: resolveFusionOptions({ residualPolicy: policy, acts: { std: false, center: false, norm: false } }),
    inputMap: (ref: string | null) => (ref === null ? null : maps[ref]),
    anchorActivation: (key: string) => acts[key],
    anchor: new InMemoryWeights({ 'pos.weight': { shape: [1, 2, 2], data: Float32Array.of(3, 1, -3, -1) } }),
  } as unknown as AlignContext;
  try {
    const result = alignResidual(junction, ctx).map;
    return result ? Array.from(result.data) : null;
  } finally {
    Object.values(acts).forEach((t) => t.dispose());
  }
}

describe('residual policies', () => {
  it('combines the skip and branch maps', () => {
    expect(combine('no_resid')).toEqual([0, 1, 1, 0]);
    expect(combine('only_resid')).toEqual([1, 0, 0, 1]);
    expect(combine('mean')).toEqual([0.5, 0.5, 0.5, 0.5]);
    // mean|x| = 2, mean|f(x)| = 2 overall → equal weights.
    expect(combine('weighted_scalar')).toEqual([0.5, 0.5, 0.5, 0.5]);
    // Per anchor feature: w_r = (1/4, 3/4), so column 0 leans on the branch, column 1 on the skip.
    expect(combine('weighted_matrix')).toEqual([0.25, 0.25, 0.75, 0.75]);
  });

  it('weighs by the sum of several skip activations, or by a parameter', () => {
    // x + x: mean|·| = (2, 6) against (3, 1) → w_r = (0.4, 6/7), w_f = (0.6, 1/7).
    const summed = combine('weighted_matrix', undefined, { ...node, skipActivation: ['x', 'x'] })!;
    [0.4, 1 / 7, 0.6, 6 / 7].forEach((expected, i) => expect(summed[i]).toBeCloseTo(expected, 6));
    // A parameter [1, 2, 2] read as rows: mean|·| = (3, 1), the same as f(x) → equal weights.
    expect(combine('weighted_matrix', undefined, { ...node, skipActivation: { param: 'pos.weight' } })).toEqual([0.5, 0.5, 0.5, 0.5]);
  });

  it('uses the identity with resid_as_identity', () => {
    expect(combine('resid_as_identity')).toEqual([1, 0, 0, 1]);
  });

  it('passes the only map through when the other is missing', () => {
    expect(combine('mean', { a: null, b: branch })).toEqual([0, 1, 1, 0]);
    expect(combine('mean', { a: null, b: null })).toBeNull();
  });
});
