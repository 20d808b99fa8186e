import { ArchitecturePlugin } from '@otfuse/core';
import { injectable } from 'tsyringe';
import { CONVNET_MODEL_TYPE, ConvnetConfig, convnetConfigJson, normalizeConvnetConfig } from './config';
import { convnetForward, convnetStages } from './forward';
import { convnetGraph } from './graph';
import { initConvnet, convnetParameterShapes } from './init';

@injectable()
export class ConvnetArchitecture implements ArchitecturePlugin<ConvnetConfig> {
  readonly id = 'convnet';
  readonly description = "HuggingFace ResNet and VGG-style convnets with BatchNorm";
  readonly parameters = [];

  detect(configJson: Readonly<Record<string, unknown>>): boolean {
    return configJson.model_type === CONVNET_MODEL_TYPE;
  }

  normalizeConfig = normalizeConvnetConfig;
  configJson = convnetConfigJson;
  graph = convnetGraph;
  stages = convnetStages;
  forward = convnetForward;
  parameterShapes = convnetParameterShapes;
  init = initConvnet;
}
