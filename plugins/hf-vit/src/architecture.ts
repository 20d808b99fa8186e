import { ArchitecturePlugin, GraphOptions, Params } from '@otfuse/core';
import * as tf from '@tensorflow/tfjs';
import { injectable } from 'tsyringe';
import { VisionConfig, VitConfig, familyArchitectures, normalizeVisionConfig, visionConfigJson } from './config';
import { VisionFamily } from './family';
import { VIT } from './families/vit';
import { visionForward, visionStages } from './forward';
import { visionGraph } from './graph';
import { headSpec } from './heads';
import { initVision } from './init';
import { visionIncompatibility } from './incompatibility';
import { vitNamedInputs } from './named-inputs';
import { visionParameterShapes } from './parameters';
import { VIT_CAPTURE_PARAMETERS } from './token-filters';
import type { CaptureRequest } from '@otfuse/core';

/** One vision family (`VisionFamily`) as an architecture: every method reads the family's description. */
export class VisionArchitecture<Config extends VisionConfig = VisionConfig> implements ArchitecturePlugin<Config> {
  readonly id: string;
  readonly description: string;
  readonly parameters = VIT_CAPTURE_PARAMETERS;
  readonly unusedCheckpointTensors: readonly RegExp[];
  readonly namedInputs?: (config: Config) => ReturnType<typeof vitNamedInputs>;

  constructor(readonly family: VisionFamily) {
    this.id = family.id;
    this.description = family.description;
    this.unusedCheckpointTensors = family.unusedCheckpointTensors ?? [];
    if (family.onnx) this.namedInputs = vitNamedInputs;
  }

  /** The family's `model_type`, and one of its classes (or no `architectures`: the default head). */
  detect(configJson: Readonly<Record<string, unknown>>): boolean {
    const architectures = configJson.architectures;
    return configJson.model_type === this.family.config.modelType && (!Array.isArray(architectures) || Object.values(familyArchitectures(this.family)).some((name) => architectures.includes(name)));
  }

  // The family's heads decide the config's `head`: a config read by this family is of its type.
  normalizeConfig = (json: Readonly<Record<string, unknown>>) => normalizeVisionConfig(this.family, json) as Config;
  configJson = (config: Config) => visionConfigJson(this.family, config);
  graph = (config: Config, options?: GraphOptions) => visionGraph(this.family, config, options);
  stages = (config: Config, capture?: CaptureRequest) => visionStages(this.family, config, capture);
  forward = (config: Config, params: Params, inputs: tf.Tensor, capture?: CaptureRequest) => visionForward(this.family, config, params, inputs, capture);
  parameterShapes = (config: Config) => visionParameterShapes(this.family, config);
  init = (config: Config, seed: number) => initVision(this.family, config, seed);
  task = (config: Config) => headSpec(this.family, config).task;
  /** The last hidden state (`last_hidden_state`: after the final layer norm), every token. */
  tokenOutputs = (): CaptureRequest => ({ keys: [this.family.finalNorm], options: { seq_filter: 'none' } });
  incompatibility = (a: Config, b: Config) => visionIncompatibility(this.family, a, b);
}

/** HuggingFace ViT: the ViT family (`families/vit.ts`). */
@injectable()
export class VitArchitecture extends VisionArchitecture<VitConfig> {
  constructor() {
    super(VIT);
  }
}
