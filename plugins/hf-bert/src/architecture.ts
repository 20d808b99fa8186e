import { ArchitecturePlugin } from '@otfuse/core';
import { injectable } from 'tsyringe';
import { HF_BERT_MODEL_TYPE, HfBertConfig, hfBertConfigJson, normalizeHfBertConfig } from './config';
import { hfBertForward, hfBertStages } from './forward';
import { hfBertGraph } from './graph';
import { initHfBert, hfBertParameterShapes } from './init';

@injectable()
export class HfBertArchitecture implements ArchitecturePlugin<HfBertConfig> {
  readonly id = 'hf-bert';
  readonly description = "HuggingFace BERT (masked LM and sequence classification)";
  readonly parameters = [];

  detect(configJson: Readonly<Record<string, unknown>>): boolean {
    return configJson.model_type === HF_BERT_MODEL_TYPE;
  }

  normalizeConfig = normalizeHfBertConfig;
  configJson = hfBertConfigJson;
  graph = hfBertGraph;
  stages = hfBertStages;
  forward = hfBertForward;
  parameterShapes = hfBertParameterShapes;
  init = initHfBert;
}
