import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { unsortedSegmentSumImpl } from './unsorted-segment-sum-impl';
import { readInput, writeOutput } from './wasm-kernel-io';

/**
 * UnsortedSegmentSum for wasm, which has none: the gradient of `tf.gather` (embedding
 * lookups) scatters into it. Computed in JavaScript on copies of the inputs, in time linear
 * in the input size (the cpu kernel loops over every segment).
 */
export const unsortedSegmentSumWasmConfig: tf.KernelConfig = {
  kernelName: tf.UnsortedSegmentSum,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const wasm = backend as BackendWasm;
    const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
    const { numSegments } = attrs as unknown as tf.UnsortedSegmentSumAttrs;
    const values = readInput(wasm, tf.UnsortedSegmentSum, 'x', x, ['float32', 'int32']);
    const ids = readInput(wasm, tf.UnsortedSegmentSum, 'segmentIds', segmentIds, ['int32']) as Int32Array;
    const rowShape = x.shape.slice(segmentIds.shape.length);
    const sums = unsortedSegmentSumImpl(values, ids, tf.util.sizeFromShape(rowShape), numSegments);
    const dtype = x.dtype as 'float32' | 'int32';
    const out = dtype === 'int32' ? Int32Array.from(sums) : Float32Array.from(sums);
    return writeOutput(wasm, [numSegments, ...rowShape], dtype, out);
  },
};
