import * as tf from '@tensorflow/tfjs';
import { FusionError } from '../../errors';
import type { ResidualNode } from '../../graph/nodes';
import { TransportMap, combineMaps, combineMapsPerFeature } from '../transport-map';
import type { AlignContext, Aligned } from './context';
import { hostScope } from '../host-scope';

/** A junction `y = x + f(x)`: combines the skip map and the branch map by the residual policy. */
export function alignResidual(node: ResidualNode, ctx: AlignContext): Aligned {
  const skip = ctx.inputMap(node.skip);
  const branch = ctx.inputMap(node.branch);
  const params = new Map<string, tf.Tensor>();
  if (!skip || !branch) return { params, map: skip ?? branch };
  switch (ctx.options.residualPolicy) {
    case 'no_resid':
      return { params, map: branch };
    case 'only_resid':
      return { params, map: skip };
    case 'mean':
      return { params, map: combineMaps(0.5, skip, 0.5, branch) };
    case 'weighted_scalar': {
      const [wr, wf] = scalarWeights(node, ctx);
      return { params, map: combineMaps(wr, skip, wf, branch) };
    }
    case 'weighted_matrix': {
      const [wr, wf] = featureWeights(node, ctx, skip);
      return { params, map: combineMapsPerFeature(skip, wr, branch, wf) };
    }
    case 'resid_as_identity':
      throw new FusionError('BAD_OPTION', "residual policy 'resid_as_identity' is not supported yet; use mean, no_resid, only_resid, weighted_scalar or weighted_matrix", [node.id]);
  }
}

function junctionActivations(node: ResidualNode, ctx: AlignContext): [tf.Tensor2D, tf.Tensor2D] {
  if (!node.skipActivation || !node.branchActivation) {
    throw new FusionError('MISSING_ACTIVATION', `policy '${ctx.options.residualPolicy}' needs the skip and branch activations, and the graph names none`, [node.id]);
  }
  return [ctx.anchorActivation(node.skipActivation), ctx.anchorActivation(node.branchActivation)];
}

/** `w_r = mean|x| / (mean|x| + mean|f(x)|)` over the anchor's activations. */
function scalarWeights(node: ResidualNode, ctx: AlignContext): [number, number] {
  const [x, fx] = junctionActivations(node, ctx);
  const [mx, mf] = hostScope(() => [tf.mean(tf.abs(x)).dataSync()[0], tf.mean(tf.abs(fx)).dataSync()[0]]);
  const wr = mx / (mx + mf);
  return [wr, 1 - wr];
}

/** The same ratio per anchor feature. */
function featureWeights(node: ResidualNode, ctx: AlignContext, skip: TransportMap): [Float32Array, Float32Array] {
  const [x, fx] = junctionActivations(node, ctx);
  const wr = hostScope(() => {
    const mx = tf.mean(tf.abs(x), 0);
    const mf = tf.mean(tf.abs(fx), 0);
    return tf.div(mx, tf.add(mx, mf)).dataSync() as Float32Array;
  });
  if (wr.length !== skip.n1) {
    throw new FusionError('SHAPE_MISMATCH', `junction activations have ${wr.length} features but the maps have ${skip.n1}`, [node.id]);
  }
  return [wr, wr.map((w) => 1 - w)];
}
