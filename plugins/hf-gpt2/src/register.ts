import { ARCHITECTURE } from '@otfuse/core';
import { DependencyContainer } from 'tsyringe';
import { HfGpt2Architecture } from './architecture';

/** Binds the hf-gpt2 architecture into an otfuse container. */
export function register(container: DependencyContainer): void {
  container.register(ARCHITECTURE, { useClass: HfGpt2Architecture });
}
