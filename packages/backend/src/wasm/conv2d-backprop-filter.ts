import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { conv2dFilterGrad } from './conv2d-filter-grad-impl';
import { readInput, writeOutput } from './wasm-kernel-io';

/**
 * Conv2DBackpropFilter for wasm, which has none: the gradient of `tf.conv2d` with respect to
 * its filter. Computed in JavaScript on copies of the inputs.
 */
export const conv2dBackpropFilterWasmConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const wasm = backend as BackendWasm;
    const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filterShape,
      strides,
      1,
      pad,
      dimRoundingMode,
      false,
      tf.backend_util.convertConv2DDataFormat(dataFormat),
    );
    const input = readInput(wasm, tf.Conv2DBackpropFilter, 'x', x, ['float32']) as Float32Array;
    const outputGrad = readInput(wasm, tf.Conv2DBackpropFilter, 'dy', dy, ['float32']) as Float32Array;
    return writeOutput(wasm, info.filterShape, 'float32', (out) =>
      conv2dFilterGrad(input, outputGrad, info, out as Float32Array),
    );
  },
};
