import { ARCHITECTURE } from '@otfuse/core';
import { DependencyContainer } from 'tsyringe';
import { VisionArchitecture } from './architecture';
import { VISION_FAMILIES } from './families';

/** Binds one architecture per vision family (ViT, DeiT) into an otfuse container. */
export function register(container: DependencyContainer): void {
  for (const family of VISION_FAMILIES) container.register(ARCHITECTURE, { useValue: new VisionArchitecture(family) });
}
