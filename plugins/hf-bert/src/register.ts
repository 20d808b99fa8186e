import { ARCHITECTURE } from '@otfuse/core';
import { DependencyContainer } from 'tsyringe';
import { EncoderArchitecture } from './architecture';
import { ENCODER_FAMILIES } from './families';

/** Binds one architecture per encoder family (BERT, RoBERTa, DistilBERT, …) into an otfuse container. */
export function register(container: DependencyContainer): void {
  for (const family of ENCODER_FAMILIES) container.register(ARCHITECTURE, { useValue: new EncoderArchitecture(family) });
}
