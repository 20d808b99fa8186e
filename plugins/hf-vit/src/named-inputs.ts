import type { NamedInputs } from '@otfuse/core';
import type { VisionConfig } from './config';

/** ViT and DeiT take `pixel_values` as `transformers` does: channels-first, at the configured image size. */
export function vitNamedInputs(config: VisionConfig): NamedInputs {
  return { names: ['pixel_values'], shape: [config.numChannels, config.imageSize, config.imageSize] };
}
