import { EncoderFamily } from '../family';
import { ROBERTA } from './roberta';

/** HuggingFace XLM-RoBERTa (`model_type: "xlm-roberta"`): RoBERTa's modules (`roberta.…`) under other class names, a sentencepiece tokenizer. */
export const XLM_ROBERTA = {
  ...ROBERTA,
  id: 'hf-xlm-roberta',
  description: 'HuggingFace XLMRobertaModel (pooler), XLMRobertaForMaskedLM (lm_head, tied decoder) and XLMRobertaForSequenceClassification (dense + tanh + out_proj on <s>); positions after the padding id',
  name: 'XLM-RoBERTa',
  label: 'an XLM-RoBERTa',
  config: { ...ROBERTA.config, modelType: 'xlm-roberta', defaults: { ...ROBERTA.config.defaults, vocab_size: 30522 } },
  heads: {
    base: { ...ROBERTA.heads.base, architecture: 'XLMRobertaModel' },
    mlm: { ...ROBERTA.heads.mlm, architecture: 'XLMRobertaForMaskedLM' },
    seqcls: { ...ROBERTA.heads.seqcls, architecture: 'XLMRobertaForSequenceClassification' },
  },
  tokenizerFiles: ['sentencepiece.bpe.model', 'vocab.txt', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json'],
} as const satisfies EncoderFamily;
