import * as tf from '@tensorflow/tfjs';
import { FusionError } from '../../errors';
import type { ResidualNode } from '../../graph/nodes';
import { preprocessActivations } from '../activations';
import { hostScope } from '../host-scope';
import { combineMaps, combineMapsPerFeature, rectangularIdentity } from '../transport-map';
import type { AlignContext, Aligned } from './context';

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
    case 'resid_as_identity':
      return { params, map: rectangularIdentity(skip.n0, skip.n1) };
    case 'mean':
      return { params, map: combineMaps(0.5, skip, 0.5, branch) };
    case 'weighted_scalar': {
      const [wr, wf] = hostScope(() => {
        const [x, fx] = junctionActivations(node, ctx);
        const mx = tf.mean(tf.abs(x)).dataSync()[0];
        const mf = tf.mean(tf.abs(fx)).dataSync()[0];
        return [mx / (mx + mf), mf / (mx + mf)];
      });
      return { params, map: combineMaps(wr, skip, wf, branch) };
    }
    case 'weighted_matrix': {
      const [wr, wf] = hostScope(() => {
        const [x, fx] = junctionActivations(node, ctx);
        const mx = tf.mean(tf.abs(x), 0);
        const mf = tf.mean(tf.abs(fx), 0);
        const total = tf.add(mx, mf);
        return [tf.div(mx, total).dataSync() as Float32Array, tf.div(mf, total).dataSync() as Float32Array];
      });
      if (wr.length !== skip.n1) {
        throw new FusionError('SHAPE_MISMATCH', `junction activations have ${wr.length} features but the maps have ${skip.n1}`, [node.id]);
      }
      return { params, map: combineMapsPerFeature(skip, wr, branch, wf) };
    }
  }
}

/**
 * The anchor's skip-path and branch values that weigh the maps, as the reference computes them:
 * activations preprocessed like every activation (several skip keys summed after that), or the
 * raw values of a parameter. Call inside a scope: the tensors are temporary.
 */
function junctionActivations(node: ResidualNode, ctx: AlignContext): [tf.Tensor, tf.Tensor] {
  if (!node.skipActivation || !node.branchActivation) {
    throw new FusionError('MISSING_ACTIVATION', `policy '${ctx.options.residualPolicy}' needs the skip and branch activations, and the graph names none`, [node.id]);
  }
  const processed = (key: string) => preprocessActivations(ctx.anchorActivation(key), ctx.options.acts);
  const skipSpec = node.skipActivation;
  let skip: tf.Tensor;
  if (typeof skipSpec === 'string') skip = processed(skipSpec);
  else if (Array.isArray(skipSpec)) skip = (skipSpec as readonly string[]).map(processed).reduce((a, b) => tf.add(a, b));
  else {
    const table = ctx.anchor.tensor((skipSpec as { param: string }).param);
    skip = table.reshape([-1, table.shape[table.shape.length - 1]]);
  }
  return [skip, processed(node.branchActivation)];
}
