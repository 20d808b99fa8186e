import type { NamedInputs } from '@otfuse/core';
import type { VitConfig } from './config';

/** ViT takes `pixel_values` as `transformers` does: channels-first, at the configured image size. */
export function vitNamedInputs(config: VitConfig): NamedInputs {
  return { names: ['pixel_values'], shape: [config.numChannels, config.imageSize, config.imageSize] };
}
