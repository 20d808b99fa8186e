import { ARCHITECTURE } from '@otfuse/core';
import { DependencyContainer } from 'tsyringe';
import { BertArchitecture } from './architecture';

/** Binds the BERT architecture into an otfuse container. */
export function register(container: DependencyContainer): void {
  container.register(ARCHITECTURE, { useClass: BertArchitecture });
}
