import { ARCHITECTURE } from '@otfuse/core';
import { DependencyContainer } from 'tsyringe';
import { ConvnetArchitecture } from './architecture';

/** Binds the convnet architecture into an otfuse container. */
export function register(container: DependencyContainer): void {
  container.register(ARCHITECTURE, { useClass: ConvnetArchitecture });
}
