import * as tf from '@tensorflow/tfjs';
import { FusionError, formatShape } from '../errors';
import { TransportMap, toTensor } from './transport-map';

/**
 * Input alignment `W·T_in` on axis 1 of a weight `[out, in0, ...kernel]` → `[out, in1, ...kernel]`.
 * For convolutions the map applies at every kernel position.
 */
export function alignInputAxis(weight: tf.Tensor, map: TransportMap, label: string): tf.Tensor {
  const [out, in0, ...kernel] = weight.shape;
  if (in0 !== map.n0) {
    throw new FusionError('SHAPE_MISMATCH', `input axis is ${in0} but the incoming map is [${map.n0}, ${map.n1}]`, [label]);
  }
  return tf.tidy(() => {
    const positions = kernel.reduce((a, b) => a * b, 1);
    // [out, in0, k] → [out·k, in0] so one matmul aligns every kernel position.
    const flat = positions === 1 ? weight.reshape([out, in0]) : weight.reshape([out, in0, positions]).transpose([0, 2, 1]).reshape([out * positions, in0]);
    const aligned = tf.matMul(flat, toTensor(map));
    if (positions === 1) return aligned.reshape([out, map.n1, ...kernel]);
    return aligned.reshape([out, positions, map.n1]).transpose([0, 2, 1]).reshape([out, map.n1, ...kernel]);
  });
}

/** Output alignment `Tᵀ·W` on axis 0: `[n0, ...]` → `[n1, ...]`. */
export function alignOutputAxis(tensor: tf.Tensor, map: TransportMap, label: string): tf.Tensor {
  const [n0, ...rest] = tensor.shape;
  if (n0 !== map.n0) {
    throw new FusionError('SHAPE_MISMATCH', `output axis of ${formatShape(tensor.shape)} is ${n0} but the map is [${map.n0}, ${map.n1}]`, [label]);
  }
  return tf.tidy(() => {
    const flat = tensor.reshape([n0, rest.reduce((a, b) => a * b, 1)]);
    const mapT = tf.transpose(toTensor(map));
    return tf.matMul(mapT, flat).reshape([map.n1, ...rest]);
  });
}

/** Feature alignment on the last axis, `P·T`: `[..., n0]` → `[..., n1]` (norm vectors, embedding tables). */
export function alignLastAxis(tensor: tf.Tensor, map: TransportMap, label: string): tf.Tensor {
  const shape = tensor.shape;
  const n0 = shape[shape.length - 1];
  if (n0 !== map.n0) {
    throw new FusionError('SHAPE_MISMATCH', `feature axis of ${formatShape(shape)} is ${n0} but the map is [${map.n0}, ${map.n1}]`, [label]);
  }
  return tf.tidy(() => {
    const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    return tf.matMul(tensor.reshape([rows, n0]), toTensor(map)).reshape([...shape.slice(0, -1), map.n1]);
  });
}
