import * as tf from '@tensorflow/tfjs';
import { batchMatMulGradConfig } from './batch-matmul-grad';
import { conv2dBackpropFilterWasmConfig } from './conv2d-backprop-filter';
import { tileGradConfig } from './tile-grad';
import { unsortedSegmentSumWasmConfig } from './unsorted-segment-sum';

/** Kernels the wasm backend of tfjs 4.22 lacks and training needs. */
export const WASM_KERNEL_FIXES: readonly tf.KernelConfig[] = [
  conv2dBackpropFilterWasmConfig,
  unsortedSegmentSumWasmConfig,
];

/**
 * Registers the kernels wasm lacks (Conv2DBackpropFilter, UnsortedSegmentSum), the
 * BatchMatMul gradient with explicit transposes and the Tile gradient of one reshape and sum. Safe to call more than once: it checks
 * TensorFlow.js's registries, which are global, and leaves a kernel that wasm already has.
 * The gradient registration is global too; off wasm it computes what tfjs's own does.
 */
export function registerWasmFixes(): void {
  for (const config of WASM_KERNEL_FIXES) {
    if (tf.getKernel(config.kernelName, config.backendName) === undefined) {
      tf.registerKernel(config);
    }
  }
  if (tf.getGradient(tf.BatchMatMul) !== batchMatMulGradConfig) {
    tf.registerGradient(batchMatMulGradConfig);
  }
  if (tf.getGradient(tf.Tile) !== tileGradConfig) {
    tf.registerGradient(tileGradConfig);
  }
}
