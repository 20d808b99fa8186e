import { Activation } from '../layers/activations';
import { BOTTLENECK_REDUCTION, ResnetConfig } from './config';
import { RESNET_STEM, resnetBlock, resnetBranchLayer, resnetShortcut, resnetStage } from './names';

/** A `ResNetConvLayer` (conv, BatchNorm, activation) or a shortcut (conv 1×1, BatchNorm). */
export interface ConvLayerSpec {
  module: string;
  inChannels: number;
  outChannels: number;
  kernel: number;
  stride: number;
  /** Padding `kernel // 2` on every side, as HuggingFace's layers pad. */
  padding: number;
  /** `null`: no activation (a block's last layer, a shortcut). */
  activation: Activation | null;
}

export interface ResnetBlockSpec {
  module: string;
  stage: number;
  /** A projection shortcut, where the channels or the resolution change; `null` is the identity. */
  shortcut: ConvLayerSpec | null;
  layers: ConvLayerSpec[];
  /** The stage's last block: its output is the stage's. */
  endsStage: boolean;
}

const convLayer = (module: string, inChannels: number, outChannels: number, kernel: number, stride: number, activation: Activation | null): ConvLayerSpec => ({
  module,
  inChannels,
  outChannels,
  kernel,
  stride,
  padding: Math.floor(kernel / 2),
  activation,
});

export function resnetStem(config: ResnetConfig): ConvLayerSpec {
  return convLayer(RESNET_STEM, config.numChannels, config.embeddingSize, 7, 2, config.hiddenAct);
}

/**
 * Every residual layer in order, as `transformers` builds them: stage 0 keeps the resolution
 * unless `downsample_in_first_stage`, later stages halve it in their first layer; a layer gets
 * a projection shortcut when its channels or resolution change. Inner activations are ReLU.
 */
export function resnetBlocks(config: ResnetConfig): ResnetBlockSpec[] {
  const blocks: ResnetBlockSpec[] = [];
  config.hiddenSizes.forEach((out, stage) => {
    const stageIn = stage === 0 ? config.embeddingSize : config.hiddenSizes[stage - 1];
    const stageStride = stage === 0 && !config.downsampleInFirstStage ? 1 : 2;
    for (let layer = 0; layer < config.depths[stage]; layer++) {
      const module = resnetBlock(stage, layer);
      const inChannels = layer === 0 ? stageIn : out;
      const stride = layer === 0 ? stageStride : 1;
      const shortcut = inChannels !== out || stride !== 1 ? convLayer(resnetShortcut(module), inChannels, out, 1, stride, null) : null;
      blocks.push({ module, stage, shortcut, layers: branchLayers(config, module, inChannels, out, stride), endsStage: layer === config.depths[stage] - 1 });
    }
  });
  return blocks;
}

function branchLayers(config: ResnetConfig, block: string, inChannels: number, out: number, stride: number): ConvLayerSpec[] {
  const layer = (k: number) => resnetBranchLayer(block, k);
  if (config.layerType === 'basic') {
    return [convLayer(layer(0), inChannels, out, 3, stride, 'relu'), convLayer(layer(1), out, out, 3, 1, null)];
  }
  const reduced = Math.floor(out / BOTTLENECK_REDUCTION);
  const [firstStride, middleStride] = config.downsampleInBottleneck ? [stride, 1] : [1, stride];
  return [
    convLayer(layer(0), inChannels, reduced, 1, firstStride, 'relu'),
    convLayer(layer(1), reduced, reduced, 3, middleStride, 'relu'),
    convLayer(layer(2), reduced, out, 1, 1, null),
  ];
}

/** The stage a block's output closes, when it closes one. */
export function stageKeyOf(block: ResnetBlockSpec): string | undefined {
  return block.endsStage ? resnetStage(block.stage) : undefined;
}
