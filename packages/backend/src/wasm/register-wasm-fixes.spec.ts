import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { batchMatMulGradConfig } from './batch-matmul-grad';
import { registerWasmFixes, WASM_KERNEL_FIXES } from './register-wasm-fixes';

/** Kernels that forward and backward passes of MLPs, convnets and transformers run. */
const TRAINING_KERNELS = [
  'BatchMatMul', '_FusedMatMul', 'Conv2D', 'FusedConv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter',
  'MaxPool', 'MaxPoolGrad', 'AvgPool', 'AvgPoolGrad', 'GatherV2', 'UnsortedSegmentSum', 'OneHot',
  'Erf', 'Tanh', 'Sigmoid', 'Relu', 'Step', 'Softmax', 'Exp', 'Log', 'Sqrt', 'Rsqrt',
  'Max', 'Sum', 'Mean', 'Transpose', 'Reshape', 'Slice', 'Concat', 'Select', 'Tile', 'PadV2',
  'Multiply', 'Add', 'Sub', 'RealDiv', 'SquaredDifference', 'Maximum', 'Greater', 'Cast',
];

describe('registerWasmFixes', () => {
  beforeAll(async () => {
    tf.env().set('IS_TEST', true);
    await tf.setBackend('wasm');
  });

  it('adds the missing kernels and the gradient', () => {
    const missingBefore = TRAINING_KERNELS.filter((name) => tf.getKernel(name, 'wasm') === undefined);
    expect(missingBefore).toEqual(['Conv2DBackpropFilter', 'UnsortedSegmentSum']);
    registerWasmFixes();
    expect(TRAINING_KERNELS.filter((name) => tf.getKernel(name, 'wasm') === undefined)).toEqual([]);
    expect(tf.getGradient(tf.BatchMatMul)).toBe(batchMatMulGradConfig);
  });

  it('changes nothing when called again', () => {
    const warn = jest.spyOn(console, 'warn');
    tf.env().set('IS_TEST', false);
    const registered = WASM_KERNEL_FIXES.map((config) => tf.getKernel(config.kernelName, 'wasm'));
    registerWasmFixes();
    tf.env().set('IS_TEST', true);
    expect(WASM_KERNEL_FIXES.map((config) => tf.getKernel(config.kernelName, 'wasm'))).toEqual(registered);
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('leaves a kernel that wasm already has', () => {
    const ours = tf.getKernel(tf.UnsortedSegmentSum, 'wasm') as tf.KernelConfig;
    const native: tf.KernelConfig = { ...ours, kernelFunc: () => ({ dataId: {}, shape: [], dtype: 'float32' }) };
    tf.unregisterKernel(tf.UnsortedSegmentSum, 'wasm');
    tf.registerKernel(native);
    registerWasmFixes();
    expect(tf.getKernel(tf.UnsortedSegmentSum, 'wasm')).toBe(native);
    tf.unregisterKernel(tf.UnsortedSegmentSum, 'wasm');
    tf.registerKernel(ours);
  });
});
