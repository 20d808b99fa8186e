import { ARCHITECTURE } from '@otfuse/core';
import { DependencyContainer } from 'tsyringe';
import { ResnetArchitecture } from './resnet/architecture';
import { VggArchitecture } from './vgg/architecture';

/** Binds the convnet architectures (HuggingFace ResNet, otfuse VGG) into an otfuse container. */
export function register(container: DependencyContainer): void {
  container.register(ARCHITECTURE, { useClass: ResnetArchitecture });
  container.register(ARCHITECTURE, { useClass: VggArchitecture });
}
