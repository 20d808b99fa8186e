import { HostTensor } from '@otfuse/core';
import { initByKind } from '../layers/init';
import { VggConfig } from './config';
import { VGG_FIRST_LINEAR } from './layout';
import { vggParameterShapes } from './parameters';

/** Seeded parameters (see `initByKind`); the first linear layer, stored 4-D, is initialised as the linear layer it is. */
export function initVgg(config: VggConfig, seed: number): Record<string, HostTensor> {
  return initByKind(vggParameterShapes(config), seed, new Set([VGG_FIRST_LINEAR]));
}
