import * as tf from '@tensorflow/tfjs';
import { linearLayer } from '@otfuse/core';

/**
 * PyTorch's `nn.Conv2d` (no bias) on an NHWC tensor: `weight` stays in the checkpoint's
 * `[out, in, kh, kw]` layout and is transposed here to tfjs's `[kh, kw, in, out]`. The padding
 * is symmetric, `floor((in + 2·padding − k) / stride) + 1` outputs per axis, as in PyTorch.
 */
export function conv2d(x: tf.Tensor4D, weight: tf.Tensor, stride: number, padding: number): tf.Tensor4D {
  return tf.tidy(() => tf.conv2d(x, tf.transpose(weight, [2, 3, 1, 0]) as tf.Tensor4D, stride, padding, 'NHWC'));
}

/** `nn.MaxPool2d(kernel, stride, padding)`: padded positions never win (they count as −∞). */
export function maxPool(x: tf.Tensor4D, kernel: number, stride: number, padding: number): tf.Tensor4D {
  return tf.maxPool(x, kernel, stride, padding);
}

/** `nn.AdaptiveAvgPool2d((1, 1))` then `flatten`: `[batch, H, W, C]` → `[batch, C]`. */
export function globalAveragePool(x: tf.Tensor4D): tf.Tensor2D {
  return tf.mean(x, [1, 2]) as tf.Tensor2D;
}

/** `nn.Linear` (core's `linearLayer`), its transposed weight freed at once. */
export function linear(x: tf.Tensor2D, weight: tf.Tensor, bias: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => linearLayer(x, weight, bias));
}

/** NCHW pixels (HuggingFace's layout) as NHWC, the layout tfjs convolves. */
export function toChannelsLast(pixels: tf.Tensor4D): tf.Tensor4D {
  return tf.transpose(pixels, [0, 2, 3, 1]);
}
