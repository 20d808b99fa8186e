import { ARCHITECTURE } from '@otfuse/core';
import { DependencyContainer } from 'tsyringe';
import { ResnetArchitecture } from './resnet/architecture';

/** Binds the convnet architectures into an otfuse container. */
export function register(container: DependencyContainer): void {
  container.register(ARCHITECTURE, { useClass: ResnetArchitecture });
}
