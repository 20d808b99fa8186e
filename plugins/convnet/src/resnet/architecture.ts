import * as tf from '@tensorflow/tfjs';
import { ArchitecturePlugin, noTokenFilter, CaptureRequest, HostTensor, ModelWeights } from '@otfuse/core';
import { injectable } from 'tsyringe';
import { resetBatchNormStatistics } from '../bn-reset';
import { RESNET_ARCHITECTURE, RESNET_MODEL_TYPE, ResnetConfig, normalizeResnetConfig, resnetConfigJson } from './config';
import { resnetForward, resnetStages } from './forward';
import { resnetGraph } from './graph';
import { initResnet } from './init';
import { resnetParameterShapes } from './parameters';

@injectable()
export class ResnetArchitecture implements ArchitecturePlugin<ResnetConfig> {
  readonly id = 'hf-resnet';
  readonly description = 'HuggingFace ResNetForImageClassification (basic or bottleneck layers, BatchNorm with running statistics)';
  readonly parameters = [noTokenFilter("a convnet's feature maps")];

  detect(configJson: Readonly<Record<string, unknown>>): boolean {
    const architectures = configJson.architectures;
    return configJson.model_type === RESNET_MODEL_TYPE && (!Array.isArray(architectures) || architectures.includes(RESNET_ARCHITECTURE));
  }

  normalizeConfig = normalizeResnetConfig;
  configJson = (config: ResnetConfig) => resnetConfigJson(config);
  graph = resnetGraph;
  stages = (config: ResnetConfig, capture?: CaptureRequest) => resnetStages(config, capture);
  forward = resnetForward;
  parameterShapes = resnetParameterShapes;
  init = initResnet;

  /** The model with every BatchNorm's running statistics recomputed on `inputs` (see `resetBatchNormStatistics`). */
  resetNormStatistics(config: ResnetConfig, weights: ModelWeights, inputs: tf.Tensor): Map<string, HostTensor> {
    return resetBatchNormStatistics((mode) => resnetStages(config, undefined, mode), weights, inputs);
  }
}
