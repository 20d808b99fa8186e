import type * as tf from '@tensorflow/tfjs';
import { layerNorm, linearLayer } from '../layers';
import type { Params } from '../staged-forward';

/** A module's parameter name: `moduleParam('classifier', 'weight')` is `classifier.weight`, as PyTorch names it. */
export function moduleParam(module: string, kind: 'weight' | 'bias'): string {
  return `${module}.${kind}`;
}

/** A `nn.Linear` by its module name (see `linearLayer`). */
export function linearModule(params: Params, module: string, x: tf.Tensor2D, bias = true): tf.Tensor2D {
  return linearLayer(x, params[moduleParam(module, 'weight')], bias ? params[moduleParam(module, 'bias')] : undefined);
}

/** A `nn.LayerNorm` by its module name (see `layerNorm`). */
export function layerNormModule(params: Params, module: string, x: tf.Tensor2D, eps: number): tf.Tensor2D {
  return layerNorm(x, params[moduleParam(module, 'weight')], params[moduleParam(module, 'bias')], eps);
}
