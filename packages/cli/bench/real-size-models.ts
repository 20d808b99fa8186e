/** Model configurations at the sizes users hold, shared by the real-size benchmarks. */
import { normalizeBertConfig } from '@otfuse/hf-bert';
import { normalizeVitConfig } from '@otfuse/hf-vit';

/** BertForMaskedLM at BERT-base's size: hidden 768, 12 layers, 12 heads, intermediate 3072, vocabulary 30,522. */
export const BERT_BASE = normalizeBertConfig({
  model_type: 'bert',
  architectures: ['BertForMaskedLM'],
  hidden_size: 768,
  num_hidden_layers: 12,
  num_attention_heads: 12,
  intermediate_size: 3072,
  vocab_size: 30522,
  max_position_embeddings: 512,
  type_vocab_size: 2,
});

/** ViTForImageClassification at ViT-B/16's size: hidden 768, 12 layers, 12 heads, intermediate 3072, 224 px in patches of 16 (197 tokens), 1,000 labels. */
export const VIT_B16 = normalizeVitConfig({
  model_type: 'vit',
  architectures: ['ViTForImageClassification'],
  hidden_size: 768,
  num_hidden_layers: 12,
  num_attention_heads: 12,
  intermediate_size: 3072,
  image_size: 224,
  patch_size: 16,
  num_channels: 3,
  num_labels: 1000,
});
