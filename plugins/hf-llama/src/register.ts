import { ARCHITECTURE } from '@otfuse/core';
import { DependencyContainer } from 'tsyringe';
import { LlamaArchitecture } from './architecture';
import { registerLlamaKinds } from './kinds';

/** Binds the hf-llama architecture into an otfuse container and registers its node kinds with core. */
export function register(container: DependencyContainer): void {
  registerLlamaKinds();
  container.register(ARCHITECTURE, { useClass: LlamaArchitecture });
}
