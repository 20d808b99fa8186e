import { ArchitecturePlugin, isModelClass } from '@otfuse/core';
import { injectable } from 'tsyringe';
import { VIT_ARCHITECTURE, VIT_MODEL_TYPE, VitConfig, normalizeVitConfig, vitConfigJson } from './config';
import { vitForward, vitStages } from './forward';
import { vitGraph } from './graph';
import { initVit } from './init';
import { vitIncompatibility } from './incompatibility';
import { vitNamedInputs } from './named-inputs';
import { vitParameterShapes } from './parameters';
import { VIT_CAPTURE_PARAMETERS } from './token-filters';

@injectable()
export class VitArchitecture implements ArchitecturePlugin<VitConfig> {
  readonly id = 'hf-vit';
  readonly description = 'HuggingFace ViTForImageClassification (pre-LN encoder, CLS token, patch embeddings)';
  readonly parameters = VIT_CAPTURE_PARAMETERS;
  /** ViTForImageClassification has no pooler; checkpoints converted from the original ViT carry one. */
  readonly unusedCheckpointTensors = [/^vit\.pooler\./];

  detect(configJson: Readonly<Record<string, unknown>>): boolean {
    return isModelClass(configJson, VIT_MODEL_TYPE, VIT_ARCHITECTURE);
  }

  normalizeConfig = normalizeVitConfig;
  configJson = (config: VitConfig) => vitConfigJson(config);
  graph = vitGraph;
  stages = vitStages;
  forward = vitForward;
  parameterShapes = vitParameterShapes;
  init = initVit;
  task = () => 'classification';
  incompatibility = vitIncompatibility;
  namedInputs = vitNamedInputs;
}
