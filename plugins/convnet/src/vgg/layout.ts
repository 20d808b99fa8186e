import { VGG_POOL, VggConfig } from './config';

/** One convolution of the feature extractor, with what follows it up to the next one. */
export interface VggConvSpec {
  /** `features.{i}`: the index in PyTorch's `nn.Sequential` of convolutions, BatchNorms, ReLUs and pools. */
  module: string;
  /** `features.{i+1}` when the config has BatchNorm. */
  batchNorm: string | null;
  inChannels: number;
  outChannels: number;
  /** Max pools right after this convolution's ReLU. */
  pools: number;
  /** Module names of the ReLU and of each pool, in order (what they output is capturable). */
  followers: string[];
}

export interface VggLinearSpec {
  /** `classifier.{2k}`; a ReLU `classifier.{2k+1}` follows every layer but the last. */
  module: string;
  relu: string | null;
  inFeatures: number;
  outFeatures: number;
}

/** The convolutions in order, with PyTorch's `nn.Sequential` indices (as torchvision's VGG numbers them). */
export function vggConvolutions(config: VggConfig): VggConvSpec[] {
  const specs: VggConvSpec[] = [];
  let index = 0;
  let channels = config.numChannels;
  for (const layer of config.layers) {
    if (layer === VGG_POOL) {
      const last = specs[specs.length - 1];
      last.pools++;
      last.followers.push(`features.${index++}`);
      continue;
    }
    const module = `features.${index++}`;
    const batchNorm = config.batchNorm ? `features.${index++}` : null;
    specs.push({ module, batchNorm, inChannels: channels, outChannels: layer, pools: 0, followers: [`features.${index++}`] });
    channels = layer;
  }
  return specs;
}

/** Side of the final feature map: the image halved once per pool. */
export function vggFeatureSize(config: VggConfig): number {
  return config.imageSize / 2 ** config.layers.filter((l) => l === VGG_POOL).length;
}

/** The linear layers: hidden ones with ReLU, then the output layer. The first reads the flattened feature map. */
export function vggLinears(config: VggConfig): VggLinearSpec[] {
  const convs = vggConvolutions(config);
  const flat = convs[convs.length - 1].outChannels * vggFeatureSize(config) ** 2;
  const widths = [...config.classifierSizes, config.numLabels];
  return widths.map((outFeatures, k) => ({
    module: `classifier.${2 * k}`,
    relu: k < widths.length - 1 ? `classifier.${2 * k + 1}` : null,
    inFeatures: k === 0 ? flat : widths[k - 1],
    outFeatures,
  }));
}

export const VGG_FIRST_LINEAR = 'classifier.0';
/** The logits. */
export const VGG_CLASSIFIER = 'classifier';
