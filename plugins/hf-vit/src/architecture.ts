import { ArchitecturePlugin } from '@otfuse/core';
import { injectable } from 'tsyringe';
import { VIT_ARCHITECTURES, VIT_HEAD_TASKS, VIT_MODEL_TYPE, VitConfig, normalizeVitConfig, vitConfigJson } from './config';
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
  readonly description = 'HuggingFace ViTForImageClassification and ViTModel with its pooler (pre-LN encoder, CLS token, patch embeddings)';
  readonly parameters = VIT_CAPTURE_PARAMETERS;
  /** ViTForImageClassification has no pooler; checkpoints converted from the original ViT carry one. */
  readonly unusedCheckpointTensors = [/^vit\.pooler\./];

  detect(configJson: Readonly<Record<string, unknown>>): boolean {
    const architectures = configJson.architectures;
    return configJson.model_type === VIT_MODEL_TYPE && (!Array.isArray(architectures) || Object.values(VIT_ARCHITECTURES).some((name) => architectures.includes(name)));
  }

  normalizeConfig = normalizeVitConfig;
  configJson = (config: VitConfig) => vitConfigJson(config);
  graph = vitGraph;
  stages = vitStages;
  forward = vitForward;
  parameterShapes = vitParameterShapes;
  init = initVit;
  task = (config: VitConfig) => VIT_HEAD_TASKS[config.head];
  incompatibility = vitIncompatibility;
  namedInputs = vitNamedInputs;
}
