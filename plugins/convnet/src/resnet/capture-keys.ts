import { ResnetConfig } from './config';
import { ConvLayerSpec, resnetBlocks, stageKeyOf } from './layout';
import { RESNET_CLASSIFIER, RESNET_EMBEDDER, RESNET_ENCODER, RESNET_POOLER, RESNET_STEM, RESNET_STEM_POOL, convolutionOf, normalizationOf } from './names';

const convLayerKeys = (spec: ConvLayerSpec) => [convolutionOf(spec.module), normalizationOf(spec.module), spec.module];

/** The module names each forward stage can capture, in execution order (see `resnetStages`). */
export function resnetStageKeys(config: ResnetConfig): { embedder: string[]; blocks: string[][]; head: string[] } {
  const blocks = resnetBlocks(config);
  return {
    embedder: [convolutionOf(RESNET_STEM), normalizationOf(RESNET_STEM), RESNET_STEM, RESNET_STEM_POOL, RESNET_EMBEDDER],
    blocks: blocks.map((block, i) => [
      ...(block.shortcut ? convLayerKeys(block.shortcut) : []),
      ...block.layers.flatMap(convLayerKeys),
      ...blockOutputKeys(block.module, stageKeyOf(block), i === blocks.length - 1),
    ]),
    head: [RESNET_POOLER, RESNET_CLASSIFIER],
  };
}

/** Names of a block's output: the block, the stage it closes, the encoder when it is the last. */
export function blockOutputKeys(block: string, stage: string | undefined, last: boolean): string[] {
  return [block, ...(stage ? [stage] : []), ...(last ? [RESNET_ENCODER] : [])];
}

/** Every module name the forward pass can capture, in execution order. */
export function resnetCaptureKeys(config: ResnetConfig): string[] {
  const { embedder, blocks, head } = resnetStageKeys(config);
  return [...embedder, ...blocks.flat(), ...head];
}
