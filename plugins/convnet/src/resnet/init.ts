import { HostTensor } from '@otfuse/core';
import { initConvnet } from '../layers/init';
import { ResnetConfig } from './config';
import { resnetParameters } from './parameters';

/** Seeded parameters drawn as `ResNetPreTrainedModel._init_weights` draws them (see `initConvnet`). */
export const initResnet = (config: ResnetConfig, seed: number): Record<string, HostTensor> => initConvnet(resnetParameters(config), seed);
