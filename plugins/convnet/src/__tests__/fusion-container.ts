import { register as registerOt } from '@otfuse/ot';
import { container as rootContainer, DependencyContainer } from 'tsyringe';
import { register } from '../register';

/** A container with the OT solvers, ground metrics and this plugin, as the conformance suite builds it. */
export function fusionContainer(): DependencyContainer {
  const container = rootContainer.createChildContainer();
  registerOt(container);
  register(container);
  return container;
}
