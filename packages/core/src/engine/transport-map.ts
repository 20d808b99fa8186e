import * as tf from '@tensorflow/tfjs';

/**
 * A transport map between the output features of an aligned model (`n0`) and of the anchor
 * (`n1`), row-major, rescaled so each row sums to 1. Kept as plain data: small next to the
 * weights, and free of tensor lifetimes.
 */
export interface TransportMap {
  readonly n0: number;
  readonly n1: number;
  readonly data: Float32Array;
}

export function toTensor(map: TransportMap): tf.Tensor2D {
  return tf.tensor2d(map.data, [map.n0, map.n1]);
}

/** `a·A + b·B` for maps of the same shape. */
export function combineMaps(a: number, mapA: TransportMap, b: number, mapB: TransportMap): TransportMap {
  assertSameShape(mapA, mapB);
  const data = new Float32Array(mapA.data.length);
  for (let i = 0; i < data.length; i++) data[i] = a * mapA.data[i] + b * mapB.data[i];
  return { n0: mapA.n0, n1: mapA.n1, data };
}

/** `A·diag(wa) + B·diag(wb)`: a per-anchor-feature blend of two maps. */
export function combineMapsPerFeature(mapA: TransportMap, wa: Float32Array, mapB: TransportMap, wb: Float32Array): TransportMap {
  assertSameShape(mapA, mapB);
  const { n0, n1 } = mapA;
  const data = new Float32Array(n0 * n1);
  for (let i = 0; i < n0; i++) {
    for (let j = 0; j < n1; j++) data[i * n1 + j] = mapA.data[i * n1 + j] * wa[j] + mapB.data[i * n1 + j] * wb[j];
  }
  return { n0, n1, data };
}

/** Ones on the diagonal of an `n0 × n1` map (feature i to feature i, as far as both exist). */
export function rectangularIdentity(n0: number, n1: number): TransportMap {
  const data = new Float32Array(n0 * n1);
  for (let i = 0; i < Math.min(n0, n1); i++) data[i * n1 + i] = 1;
  return { n0, n1, data };
}

function assertSameShape(a: TransportMap, b: TransportMap): void {
  if (a.n0 !== b.n0 || a.n1 !== b.n1) {
    throw new Error(`transport maps of different shapes: [${a.n0}, ${a.n1}] and [${b.n0}, ${b.n1}]`);
  }
}
