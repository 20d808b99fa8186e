import { ArchitecturePlugin, isModelClass, noTokenFilter } from '@otfuse/core';
import type { ParameterSpec } from '@otfuse/extension';
import { injectable } from 'tsyringe';
import { MLP_MODEL_TYPE, MlpConfig, mlpConfigJson, normalizeMlpConfig } from './config';
import { mlpForward, mlpStages } from './forward';
import { mlpGraph } from './graph';
import { initMlp, mlpParameterShapes } from './init';
import { mlpIncompatibility } from './incompatibility';

@injectable()
export class MlpArchitecture implements ArchitecturePlugin<MlpConfig> {
  readonly id = 'generic-mlp';
  readonly description = 'Multi-layer perceptrons of any depth and widths (relu, gelu or tanh; bias optional)';
  readonly parameters: readonly ParameterSpec[] = [
    {
      name: 'pre_relu',
      type: 'boolean',
      default: true,
      description: 'describe a hidden layer\'s neurons by their outputs before the nonlinearity (the paper\'s default); false: after',
    },
    noTokenFilter("an MLP's outputs"),
  ];

  detect(configJson: Readonly<Record<string, unknown>>): boolean {
    return isModelClass(configJson, MLP_MODEL_TYPE);
  }

  normalizeConfig = normalizeMlpConfig;
  configJson = mlpConfigJson;
  graph = mlpGraph;
  stages = mlpStages;
  forward = mlpForward;
  parameterShapes = mlpParameterShapes;
  init = initMlp;
  task = () => 'classification';
  incompatibility = mlpIncompatibility;
}
