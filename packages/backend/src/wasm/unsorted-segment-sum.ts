import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { unsortedSegmentSumImpl } from './unsorted-segment-sum-impl';
import { readInput, writeOutput } from './wasm-kernel-io';

/**
 * UnsortedSegmentSum for wasm, which has none: the gradient of `tf.gather` (embedding
 * lookups) scatters into it. Computed in JavaScript on copies of the inputs, in one pass over
 * the input plus zeroing the output (the cpu kernel makes a pass over the input per segment).
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
    return writeOutput(wasm, [numSegments, ...rowShape], x.dtype as 'float32' | 'int32', (out) =>
      unsortedSegmentSumImpl(values, ids, tf.util.sizeFromShape(rowShape), out),
    );
  },
};
