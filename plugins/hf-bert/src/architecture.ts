import { ArchitecturePlugin, GraphOptions, Params } from '@otfuse/core';
import * as tf from '@tensorflow/tfjs';
import { injectable } from 'tsyringe';
import { BERT_CAPTURE_PARAMETERS } from './capture-options';
import { BertConfig, EncoderConfig, encoderConfigJson, familyArchitectures, normalizeEncoderConfig } from './config';
import { EncoderFamily } from './family';
import { BERT } from './families/bert';
import { encoderForward, encoderStages } from './forward';
import { encoderGraph } from './graph';
import { headSpec } from './heads';
import { initEncoder } from './init';
import { encoderIncompatibility } from './incompatibility';
import { bertNamedInputs } from './inputs';
import { encoderParameterShapes } from './parameters';
import type { CaptureRequest } from '@otfuse/core';

/** What HuggingFace's `BertTokenizerFast.save_pretrained` writes. */
export const BERT_TOKENIZER_FILES: readonly string[] = BERT.tokenizerFiles;

/** One encoder family (`EncoderFamily`) as an architecture: every method reads the family's description. */
export class EncoderArchitecture<Config extends EncoderConfig = EncoderConfig> implements ArchitecturePlugin<Config> {
  readonly id: string;
  readonly description: string;
  readonly parameters = BERT_CAPTURE_PARAMETERS;
  /** The tokenizer files (`AutoTokenizer.from_pretrained` reads them) every folder written from the model carries. */
  readonly sideFiles: readonly string[];
  readonly unusedCheckpointTensors: readonly RegExp[];
  readonly namedInputs?: (config: Config) => ReturnType<typeof bertNamedInputs>;

  constructor(readonly family: EncoderFamily) {
    this.id = family.id;
    this.description = family.description;
    this.sideFiles = family.tokenizerFiles;
    this.unusedCheckpointTensors = family.unusedCheckpointTensors ?? [];
    if (family.onnx) this.namedInputs = bertNamedInputs;
  }

  detect(configJson: Readonly<Record<string, unknown>>): boolean {
    const architectures = configJson.architectures;
    return configJson.model_type === this.family.config.modelType && Array.isArray(architectures) && Object.values(familyArchitectures(this.family)).some((name) => architectures.includes(name));
  }

  // The family's heads decide the config's `head`: a config read by this family is of its type.
  normalizeConfig = (json: Readonly<Record<string, unknown>>) => normalizeEncoderConfig(this.family, json) as Config;
  configJson = (config: Config) => encoderConfigJson(this.family, config);
  graph = (config: Config, options?: GraphOptions) => encoderGraph(this.family, config, options);
  stages = (config: Config, capture?: CaptureRequest) => encoderStages(this.family, config, capture);
  forward = (config: Config, params: Params, inputs: tf.Tensor, capture?: CaptureRequest) => encoderForward(this.family, config, params, inputs, capture);
  parameterShapes = (config: Config) => encoderParameterShapes(this.family, config);
  init = (config: Config, seed: number) => initEncoder(this.family, config, seed);
  task = (config: Config) => headSpec(this.family, config).task;
  /** The last hidden state: the last block's output, a row per non-padding token. */
  tokenOutputs = (): CaptureRequest => ({ keys: [this.family.encoder], options: { seq_filter: 'none' } });
  incompatibility = (a: Config, b: Config) => encoderIncompatibility(this.family, a, b);
}

/** HuggingFace BERT: the encoder of the BERT family (`families/bert.ts`). */
@injectable()
export class BertArchitecture extends EncoderArchitecture<BertConfig> {
  constructor() {
    super(BERT);
  }
}
