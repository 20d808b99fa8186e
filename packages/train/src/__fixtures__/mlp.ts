import * as tf from '@tensorflow/tfjs';
import { SeededRandom } from '@otfuse/extension';
import type { ParamModel } from '../model';
import { glorotUniform, heUniform, zeros } from '../init';

/** A ReLU MLP with weights `[out, in]`, freshly initialised from `seed`. */
export function createMlp(widths: readonly number[], seed: number): ParamModel {
  const random = new SeededRandom(seed);
  const params: Record<string, tf.Variable> = {};
  for (let layer = 0; layer + 1 < widths.length; layer++) {
    const shape = [widths[layer + 1], widths[layer]];
    const last = layer + 2 === widths.length;
    params[`layer${layer}.weight`] = tf.variable((last ? glorotUniform : heUniform)(shape, random));
    params[`layer${layer}.bias`] = tf.variable(zeros([widths[layer + 1]]));
  }
  return {
    params,
    forward: (weights, x) => {
      let h = x;
      for (let layer = 0; layer + 1 < widths.length; layer++) {
        // Explicit transpose: wasm's matMul with transposeB is much slower.
        h = tf.add(tf.matMul(h, tf.transpose(weights[`layer${layer}.weight`])), weights[`layer${layer}.bias`]);
        if (layer + 2 < widths.length) h = tf.relu(h);
      }
      return h;
    },
  };
}

/** Current values of every parameter, by name. */
export function snapshot(model: ParamModel): Record<string, Float32Array> {
  return Object.fromEntries(Object.entries(model.params).map(([name, v]) => [name, v.dataSync() as Float32Array]));
}

export function disposeModel(model: ParamModel): void {
  tf.dispose(Object.values(model.params));
}
