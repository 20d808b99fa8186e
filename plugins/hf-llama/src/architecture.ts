import { ArchitecturePlugin, isModelClass } from '@otfuse/core';
import { injectable } from 'tsyringe';
import { HF_LLAMA_MODEL_TYPE, HfLlamaConfig, hfLlamaConfigJson, normalizeHfLlamaConfig } from './config';
import { hfLlamaForward, hfLlamaStages } from './forward';
import { hfLlamaGraph } from './graph';
import { initHfLlama, hfLlamaParameterShapes } from './init';

@injectable()
export class HfLlamaArchitecture implements ArchitecturePlugin<HfLlamaConfig> {
  readonly id = 'hf-llama';
  readonly description = "hf-llama: an otfuse architecture plugin (a two-layer tanh network to grow into the real architecture).";
  readonly parameters = [];

  detect(configJson: Readonly<Record<string, unknown>>): boolean {
    return isModelClass(configJson, HF_LLAMA_MODEL_TYPE);
  }

  normalizeConfig = normalizeHfLlamaConfig;
  configJson = hfLlamaConfigJson;
  graph = hfLlamaGraph;
  stages = hfLlamaStages;
  forward = hfLlamaForward;
  parameterShapes = hfLlamaParameterShapes;
  init = initHfLlama;
  /** The id of the task its head is trained for (a task of `@otfuse/train`: classification, masked-lm, causal-lm, …). */
  task = () => 'classification';
}
