import type * as tf from '@tensorflow/tfjs';
import { FusionError, formatShape } from '../errors';

/** Throws SHAPE_MISMATCH unless `pixels` is channels-first `[batch, channels, H, W]`, with `size`×`size` images where a model fixes the size. */
export function checkPixelValues(pixels: tf.Tensor, channels: number, size?: number): void {
  const sides = size === undefined ? 'height, width' : `${size}, ${size}`;
  if (pixels.rank !== 4 || pixels.shape[1] !== channels || (size !== undefined && (pixels.shape[2] !== size || pixels.shape[3] !== size))) {
    throw new FusionError('SHAPE_MISMATCH', `pixel values: expected [batch, ${channels}, ${sides}] (NCHW), got ${formatShape(pixels.shape)}`);
  }
}
