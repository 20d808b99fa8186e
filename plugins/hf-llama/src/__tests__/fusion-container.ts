import { register as registerOt } from '@otfuse/ot';
import { useTestBackend } from '@otfuse/testing';
import { DependencyContainer, container as rootContainer } from 'tsyringe';
import { register } from '../register';

/** The test backend, and a child container with the OT solvers and this plugin registered (for `fuseModels`). */
export async function fusionContainer(): Promise<DependencyContainer> {
  await useTestBackend();
  const container = rootContainer.createChildContainer();
  registerOt(container);
  register(container);
  return container;
}
