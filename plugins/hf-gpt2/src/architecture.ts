import { ArchitecturePlugin, isModelClass } from '@otfuse/core';
import { injectable } from 'tsyringe';
import { HF_GPT2_MODEL_TYPE, HfGpt2Config, hfGpt2ConfigJson, normalizeHfGpt2Config } from './config';
import { hfGpt2Forward, hfGpt2Stages } from './forward';
import { hfGpt2Graph } from './graph';
import { initHfGpt2, hfGpt2ParameterShapes } from './init';

@injectable()
export class HfGpt2Architecture implements ArchitecturePlugin<HfGpt2Config> {
  readonly id = 'hf-gpt2';
  readonly description = "hf-gpt2: an otfuse architecture plugin (a two-layer tanh network to grow into the real architecture).";
  readonly parameters = [];

  detect(configJson: Readonly<Record<string, unknown>>): boolean {
    return isModelClass(configJson, HF_GPT2_MODEL_TYPE);
  }

  normalizeConfig = normalizeHfGpt2Config;
  configJson = hfGpt2ConfigJson;
  graph = hfGpt2Graph;
  stages = hfGpt2Stages;
  forward = hfGpt2Forward;
  parameterShapes = hfGpt2ParameterShapes;
  init = initHfGpt2;
  /** The id of the task its head is trained for (a task of `@otfuse/train`: classification, masked-lm, causal-lm, …). */
  task = () => 'classification';
}
