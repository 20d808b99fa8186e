import * as tf from '@tensorflow/tfjs';
import { ArchitecturePlugin, noTokenFilter, CaptureRequest, HostTensor, ModelWeights } from '@otfuse/core';
import { injectable } from 'tsyringe';
import { resetBatchNormStatistics } from '../bn-reset';
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

  detect(configJson: Readonly<Record<string, unknown>>): boolean {
    const architectures = configJson.architectures;
    return configJson.model_type === VGG_MODEL_TYPE && (!Array.isArray(architectures) || architectures.includes(VGG_ARCHITECTURE));
  }

  normalizeConfig = normalizeVggConfig;
  configJson = (config: VggConfig) => vggConfigJson(config);
  graph = vggGraph;
  stages = (config: VggConfig, capture?: CaptureRequest) => vggStages(config, capture);
  forward = vggForward;
  parameterShapes = vggParameterShapes;
  init = initVgg;

  /** The model with every BatchNorm's running statistics recomputed on `inputs` (see `resetBatchNormStatistics`). */
  resetNormStatistics(config: VggConfig, weights: ModelWeights, inputs: tf.Tensor): Map<string, HostTensor> {
    return resetBatchNormStatistics((mode) => vggStages(config, undefined, mode), weights, inputs);
  }
}
