import { HeadSpec, VisionFamily } from './family';

/** The spec of a config's head. */
export const headSpec = (family: VisionFamily, config: { head: string }): HeadSpec => family.heads[config.head];

/** A base model (the head with a pooler, e.g. `ViTModel`) is saved without its task models' prefix (`vit.`). */
export const storedPrefix = (family: VisionFamily, config: { head: string }): string | undefined => (headSpec(family, config).pooler ? family.prefix : undefined);

/** The sequence positions the head reads: its output layers' tokens, or the CLS token a pooler reads. */
export const readTokens = (family: VisionFamily, config: { head: string }): number[] => {
  const head = headSpec(family, config);
  return head.pooler ? [0] : head.outputs.map((layer) => layer.token);
};
