import { HostTensor } from '@otfuse/core';
import { initConvnet } from '../layers/init';
import { VggConfig } from './config';
import { vggParameters } from './parameters';

/** Seeded parameters (see `initConvnet`); the first linear layer, stored 4-D, is drawn as the linear layer it is. */
export const initVgg = (config: VggConfig, seed: number): Record<string, HostTensor> => initConvnet(vggParameters(config), seed);
