import type { ArchitecturePlugin } from '@otfuse/core';

/** Shape of one example: flat vectors, channels-first images or channels-last images. */
export type InputLayout = 'flat' | 'chw' | 'hwc';
const LAYOUTS: readonly string[] = ['flat', 'chw', 'hwc'];

/**
 * The layout a model's inputs need. A plugin may declare it (`inputLayout: 'chw'`); otherwise a
 * config with `num_channels` and `image_size` (HuggingFace vision models) takes channels-first
 * images, as `pixel_values` are, and anything else takes flat vectors.
 */
export function inputLayoutFor(architecture: ArchitecturePlugin, configJson: Readonly<Record<string, unknown>>): InputLayout {
  const declared = (architecture as { inputLayout?: unknown }).inputLayout;
  if (typeof declared === 'string' && LAYOUTS.includes(declared)) return declared as InputLayout;
  return 'num_channels' in configJson && 'image_size' in configJson ? 'chw' : 'flat';
}
