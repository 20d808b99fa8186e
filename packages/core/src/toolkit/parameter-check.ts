import type * as tf from '@tensorflow/tfjs';
import { FusionError, formatShape } from '../errors';

/** Throws BAD_WEIGHTS naming the first parameter of `shapes` that `params` lacks or holds in another shape. */
export function checkParameters(shapes: ReadonlyMap<string, readonly number[]>, params: Readonly<Record<string, tf.Tensor>>): void {
  for (const [key, expected] of shapes) {
    const found = params[key];
    if (!found) throw new FusionError('BAD_WEIGHTS', `missing parameter '${key}' (expected shape ${formatShape(expected)})`);
    if (found.shape.length !== expected.length || found.shape.some((d, i) => d !== expected[i])) {
      throw new FusionError('BAD_WEIGHTS', `parameter '${key}': expected shape ${formatShape(expected)}, got ${formatShape(found.shape)}`);
    }
  }
}
