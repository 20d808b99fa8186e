import { HostTensor } from '@otfuse/core';
import { initByKind } from '../layers/init';
import { ResnetConfig } from './config';
import { resnetParameterShapes } from './parameters';

/** Seeded parameters drawn as `ResNetPreTrainedModel._init_weights` draws them (see `initByKind`). */
export function initResnet(config: ResnetConfig, seed: number): Record<string, HostTensor> {
  return initByKind(resnetParameterShapes(config), seed);
}
