import type { ArchitecturePlugin, HostTensor } from '@otfuse/core';
import type { Parent } from './load-parents';
import type { ModelToWrite } from './model-writer';

/** Fused (or finetuned) weights as a model like the anchor: its config.json, tensor names, integer tensors and float dtype. */
export function fusedModel(architecture: ArchitecturePlugin, anchor: Parent, weights: ReadonlyMap<string, HostTensor>, sideFiles: ModelToWrite['sideFiles']): ModelToWrite {
  return {
    architecture,
    config: anchor.config,
    configJson: anchor.configJson,
    weights,
    names: anchor.weights.names(),
    storedIntegers: anchor.weights.integerTensors(),
    storedFloatDtype: anchor.weights.floatDtype(),
    sideFiles,
  };
}
