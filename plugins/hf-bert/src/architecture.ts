import { ArchitecturePlugin } from '@otfuse/core';
import { injectable } from 'tsyringe';
import { BERT_CAPTURE_PARAMETERS } from './capture-options';
import { BERT_ARCHITECTURES, BERT_MODEL_TYPE, BertConfig, BertHead, bertConfigJson, normalizeBertConfig } from './config';
import { bertForward, bertStages } from './forward';
import { bertGraph } from './graph';
import { initBert } from './init';
import { bertIncompatibility } from './incompatibility';
import { bertNamedInputs } from './inputs';
import { bertParameterShapes } from './parameters';

/** What HuggingFace's `BertTokenizerFast.save_pretrained` writes. */
export const BERT_TOKENIZER_FILES: readonly string[] = ['vocab.txt', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json'];

/** The task each head is trained for: masked tokens, or one class per passage. */
const BERT_HEAD_TASKS: Readonly<Record<BertHead, string>> = { mlm: 'masked-lm', seqcls: 'classification' };

@injectable()
export class BertArchitecture implements ArchitecturePlugin<BertConfig> {
  readonly id = 'hf-bert';
  readonly description = 'HuggingFace BertForMaskedLM (tied decoder) and BertForSequenceClassification (post-LN encoder, padding mask)';
  readonly parameters = BERT_CAPTURE_PARAMETERS;
  /** The tokenizer files (`AutoTokenizer.from_pretrained` reads them) every folder written from a BERT carries. */
  readonly sideFiles = BERT_TOKENIZER_FILES;

  detect(configJson: Readonly<Record<string, unknown>>): boolean {
    const architectures = configJson.architectures;
    return configJson.model_type === BERT_MODEL_TYPE && Array.isArray(architectures) && Object.values(BERT_ARCHITECTURES).some((name) => architectures.includes(name));
  }

  normalizeConfig = normalizeBertConfig;
  configJson = (config: BertConfig) => bertConfigJson(config);
  graph = bertGraph;
  stages = bertStages;
  forward = bertForward;
  parameterShapes = bertParameterShapes;
  init = initBert;
  task = (config: BertConfig) => BERT_HEAD_TASKS[config.head];
  incompatibility = bertIncompatibility;
  namedInputs = bertNamedInputs;
}
