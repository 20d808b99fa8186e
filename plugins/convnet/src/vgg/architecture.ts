import * as tf from '@tensorflow/tfjs';
import { ArchitecturePlugin, CaptureRequest, HostTensor, IntegerDtype, ModelWeights, Params, TrainingForwardResult, checkParameters, isModelClass, noTokenFilter } from '@otfuse/core';
import { injectable } from 'tsyringe';
import { vggIncompatibility } from '../incompatibility';
import { resetBatchNormStatistics } from '../bn-reset';
import { batchNormBuffers, batchNormIntegerTensors, batchNormTrainingForward } from '../training';
import { VGG_ARCHITECTURE, VGG_MODEL_TYPE, VggConfig, normalizeVggConfig, vggConfigJson } from './config';
import { vggForward, vggStages } from './forward';
import { vggGraph } from './graph';
import { initVgg } from './init';
import { vggParameterShapes } from './parameters';

@injectable()
export class VggArchitecture implements ArchitecturePlugin<VggConfig> {
  readonly id = 'otfuse-vgg';
  readonly description = "VGG-style convnet (OTFusion's VGG11 family): 3×3 convolutions, optional BatchNorm, max pools, linear layers";
  readonly parameters = [noTokenFilter("a convnet's feature maps")];
  /** `pixel_values` are channels-first images. */
  readonly inputLayout = 'chw' as const;

  detect(configJson: Readonly<Record<string, unknown>>): boolean {
    return isModelClass(configJson, VGG_MODEL_TYPE, VGG_ARCHITECTURE);
  }

  normalizeConfig = normalizeVggConfig;
  configJson = (config: VggConfig) => vggConfigJson(config);
  graph = vggGraph;
  stages = (config: VggConfig, capture?: CaptureRequest) => vggStages(config, capture);
  forward = vggForward;
  parameterShapes = vggParameterShapes;
  init = initVgg;
  task = () => 'classification';
  incompatibility = vggIncompatibility;

  /** Every BatchNorm's running statistics and batch counter. */
  buffers = (config: VggConfig) => batchNormBuffers(vggParameterShapes(config).keys());

  /** Train mode: batch statistics, running statistics updated with momentum 0.1 (see `batchNormTrainingForward`). */
  trainingForward(config: VggConfig, params: Params, inputs: tf.Tensor): TrainingForwardResult {
    checkParameters(vggParameterShapes(config), params);
    return batchNormTrainingForward((mode) => vggStages(config, undefined, mode), params, inputs);
  }

  /** The batch counters, I64 as PyTorch stores them. */
  integerTensors = (config: VggConfig): ReadonlyMap<string, IntegerDtype> => batchNormIntegerTensors(vggParameterShapes(config).keys());

  /** The model with every BatchNorm's running statistics recomputed on `inputs` (see `resetBatchNormStatistics`). */
  resetNormStatistics(config: VggConfig, weights: ModelWeights, inputs: tf.Tensor): Map<string, HostTensor> {
    return resetBatchNormStatistics((mode) => vggStages(config, undefined, mode), weights, inputs);
  }
}
