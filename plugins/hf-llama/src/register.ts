import { ARCHITECTURE } from '@otfuse/core';
import { DependencyContainer } from 'tsyringe';
import { HfLlamaArchitecture } from './architecture';

/** Binds the hf-llama architecture into an otfuse container. */
export function register(container: DependencyContainer): void {
  container.register(ARCHITECTURE, { useClass: HfLlamaArchitecture });
}
