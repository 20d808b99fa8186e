import { ArchitecturePlugin } from '@otfuse/core';
import { injectable } from 'tsyringe';
import { BERT_CAPTURE_PARAMETERS } from './capture-options';
import { BERT_ARCHITECTURES, BERT_MODEL_TYPE, BertConfig, bertConfigJson, normalizeBertConfig } from './config';
import { bertHead } from './heads';
import { bertForward, bertStages } from './forward';
import { bertGraph } from './graph';
import { initBert } from './init';
import { bertIncompatibility } from './incompatibility';
import { bertNamedInputs } from './inputs';
import { bertParameterShapes } from './parameters';

/** What HuggingFace's `BertTokenizerFast.save_pretrained` writes. */
export const BERT_TOKENIZER_FILES: readonly string[] = ['vocab.txt', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json'];

@injectable()
export class BertArchitecture implements ArchitecturePlugin<BertConfig> {
  readonly id = 'hf-bert';
  readonly description =
    'HuggingFace BertModel (pooler), BertForMaskedLM (tied decoder), BertForPreTraining (MLM + NSP), BertForSequenceClassification, BertForTokenClassification and BertForQuestionAnswering (post-LN encoder, padding mask)';
  readonly parameters = BERT_CAPTURE_PARAMETERS;
  /** The tokenizer files (`AutoTokenizer.from_pretrained` reads them) every folder written from a BERT carries. */
  readonly sideFiles = BERT_TOKENIZER_FILES;
  /** Hub checkpoints of a masked LM often carry BertForPreTraining's pooler and next-sentence head: transformers drops them. */
  readonly unusedCheckpointTensors = [/^bert\.pooler\./, /^cls\.seq_relationship\./];

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
  task = (config: BertConfig) => bertHead(config).task;
  incompatibility = bertIncompatibility;
  namedInputs = bertNamedInputs;
}
