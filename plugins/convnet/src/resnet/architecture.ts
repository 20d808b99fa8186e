import * as tf from '@tensorflow/tfjs';
import { ArchitecturePlugin, CaptureRequest, HostTensor, IntegerDtype, ModelWeights, Params, TrainingForwardResult, checkParameters, isModelClass, noTokenFilter } from '@otfuse/core';
import { injectable } from 'tsyringe';
import { resnetIncompatibility } from '../incompatibility';
import { resetBatchNormStatistics } from '../bn-reset';
import { batchNormBuffers, batchNormIntegerTensors, batchNormTrainingForward } from '../training';
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
  /** `pixel_values` are channels-first images. */
  readonly inputLayout = 'chw' as const;

  detect(configJson: Readonly<Record<string, unknown>>): boolean {
    return isModelClass(configJson, RESNET_MODEL_TYPE, RESNET_ARCHITECTURE);
  }

  normalizeConfig = normalizeResnetConfig;
  configJson = (config: ResnetConfig) => resnetConfigJson(config);
  graph = resnetGraph;
  stages = (config: ResnetConfig, capture?: CaptureRequest) => resnetStages(config, capture);
  forward = resnetForward;
  parameterShapes = resnetParameterShapes;
  init = initResnet;
  task = () => 'classification';
  incompatibility = resnetIncompatibility;

  /** Every BatchNorm's running statistics and batch counter. */
  buffers = (config: ResnetConfig) => batchNormBuffers(resnetParameterShapes(config).keys());

  /** Train mode: batch statistics, running statistics updated with momentum 0.1 (see `batchNormTrainingForward`). */
  trainingForward(config: ResnetConfig, params: Params, inputs: tf.Tensor): TrainingForwardResult {
    checkParameters(resnetParameterShapes(config), params);
    return batchNormTrainingForward((mode) => resnetStages(config, undefined, mode), params, inputs);
  }

  /** The batch counters, I64 as PyTorch stores them. */
  integerTensors = (config: ResnetConfig): ReadonlyMap<string, IntegerDtype> => batchNormIntegerTensors(resnetParameterShapes(config).keys());

  /** The model with every BatchNorm's running statistics recomputed on `inputs` (see `resetBatchNormStatistics`). */
  resetNormStatistics(config: ResnetConfig, weights: ModelWeights, inputs: tf.Tensor): Map<string, HostTensor> {
    return resetBatchNormStatistics((mode) => resnetStages(config, undefined, mode), weights, inputs);
  }
}
