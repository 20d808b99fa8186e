import { type Batch, type Dataset, type PixelNormalization, type Split, checkIndices } from './dataset';
import { DataError } from './errors';

/** How an image's pixels are shaped: flat vector, height-width-channels, or channels-first. */
export type ImageLayout = 'flat' | 'hwc' | 'chw';

/** Options shared by the grayscale image data sets (MNIST, Fashion-MNIST). */
export interface ImageOptions {
  /** Input shape of one example: `flat` → `[784]` (default), `hwc` → `[28, 28, 1]`, `chw` → `[1, 28, 28]`. */
  layout?: ImageLayout;
  /** Subtracted after scaling pixels to [0, 1] (default 0). */
  mean?: number;
  /** Divides after subtracting `mean` (default 1). */
  std?: number;
}

/** Raw 8-bit grayscale images with their labels, `count × height × width` row-major. */
export interface GrayscaleImages {
  readonly pixels: Uint8Array;
  readonly labels: Uint8Array;
  readonly count: number;
  readonly height: number;
  readonly width: number;
}

function shapeFor(layout: ImageLayout, height: number, width: number): number[] {
  switch (layout) {
    case 'flat':
      return [height * width];
    case 'hwc':
      return [height, width, 1];
    case 'chw':
      return [1, height, width];
    default:
      throw new DataError('INVALID_ARGUMENT', `unknown image layout '${String(layout)}'; expected flat, hwc or chw`);
  }
}

/**
 * A data set over 8-bit grayscale images. With one channel every layout has the same bytes in
 * the same order; only `inputShape` differs. Pixels become `(p / 255 - mean) / std`.
 */
export class GrayscaleImageDataset implements Dataset {
  readonly inputShape: readonly number[];
  readonly size: number;
  readonly pixels: PixelNormalization;
  private readonly pixelValue: Float32Array;
  private readonly pixelsPerImage: number;

  constructor(
    readonly name: string,
    readonly split: Split,
    readonly numClasses: number,
    private readonly images: GrayscaleImages,
    options: ImageOptions = {},
  ) {
    const { layout = 'flat', mean = 0, std = 1 } = options;
    if (!Number.isFinite(mean) || !Number.isFinite(std) || std <= 0) {
      throw new DataError('INVALID_ARGUMENT', `${name}: mean must be finite and std positive, got mean=${mean}, std=${std}`);
    }
    this.inputShape = shapeFor(layout, images.height, images.width);
    this.pixels = { mean: [mean], std: [std] };
    this.size = images.count;
    this.pixelsPerImage = images.height * images.width;
    // All 256 possible values precomputed: get() is then a table lookup per pixel.
    this.pixelValue = new Float32Array(256);
    for (let p = 0; p < 256; p++) this.pixelValue[p] = (p / 255 - mean) / std;
  }

  get(indices: ArrayLike<number>): Batch {
    checkIndices(this, indices);
    const count = indices.length;
    const length = this.pixelsPerImage;
    const x = new Float32Array(count * length);
    const y = new Int32Array(count);
    const { pixels, labels } = this.images;
    for (let row = 0; row < count; row++) {
      const source = indices[row] * length;
      const target = row * length;
      for (let k = 0; k < length; k++) x[target + k] = this.pixelValue[pixels[source + k]];
      y[row] = labels[indices[row]];
    }
    return { x, y, shape: [count, ...this.inputShape], count };
  }
}
