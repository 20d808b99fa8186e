import { ARCHITECTURE } from '@otfuse/core';
import { DependencyContainer } from 'tsyringe';
import { Gpt2Architecture } from './architecture';

/** Binds the GPT-2 architecture into an otfuse container. */
export function register(container: DependencyContainer): void {
  container.register(ARCHITECTURE, { useClass: Gpt2Architecture });
}
