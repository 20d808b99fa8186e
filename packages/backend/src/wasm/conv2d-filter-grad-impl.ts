import type * as tf from '@tensorflow/tfjs';

/** Positions of the batch, row, column and channel axes in a flat NHWC or NCHW array. */
interface ImageStrides {
  batch: number;
  row: number;
  col: number;
  channel: number;
}

function imageStrides(height: number, width: number, channels: number, channelsLast: boolean): ImageStrides {
  return channelsLast
    ? { batch: height * width * channels, row: width * channels, col: channels, channel: 1 }
    : { batch: channels * height * width, row: width, col: 1, channel: height * width };
}

/**
 * Gradient of a 2-D convolution with respect to its filter, on flat arrays:
 * dW[r, c, i, o] = Σ_{b, y, x} input[b, y·sh + r − top, x·sw + c − left, i] · dy[b, y, x, o].
 * Sums run in float64 over b, then y, then x, as the cpu backend does, so both backends
 * return the same bits. Writes the filter gradient, laid out [height, width, in, out], to `out`.
 */
export function conv2dFilterGrad(
  input: Float32Array,
  dy: Float32Array,
  info: tf.backend_util.Conv2DInfo,
  out: Float32Array,
): void {
  const channelsLast = info.dataFormat === 'channelsLast';
  const xs = imageStrides(info.inHeight, info.inWidth, info.inChannels, channelsLast);
  const ys = imageStrides(info.outHeight, info.outWidth, info.outChannels, channelsLast);
  const { inChannels, outChannels, filterHeight, filterWidth } = info;
  const { top, left } = info.padInfo;
  const sums = new Float64Array(filterHeight * filterWidth * inChannels * outChannels);

  for (let b = 0; b < info.batchSize; b++) {
    for (let yRow = 0; yRow < info.outHeight; yRow++) {
      for (let yCol = 0; yCol < info.outWidth; yCol++) {
        const dyAt = b * ys.batch + yRow * ys.row + yCol * ys.col;
        for (let fRow = 0; fRow < filterHeight; fRow++) {
          const xRow = yRow * info.strideHeight + fRow - top;
          if (xRow < 0 || xRow >= info.inHeight) continue;
          for (let fCol = 0; fCol < filterWidth; fCol++) {
            const xCol = yCol * info.strideWidth + fCol - left;
            if (xCol < 0 || xCol >= info.inWidth) continue;
            const xAt = b * xs.batch + xRow * xs.row + xCol * xs.col;
            const filterAt = (fRow * filterWidth + fCol) * inChannels * outChannels;
            for (let i = 0; i < inChannels; i++) {
              const xValue = input[xAt + i * xs.channel];
              const sumsAt = filterAt + i * outChannels;
              for (let o = 0; o < outChannels; o++) {
                sums[sumsAt + o] += xValue * dy[dyAt + o * ys.channel];
              }
            }
          }
        }
      }
    }
  }
  out.set(sums);
}
