import { VisionFamily } from '../family';

/** HuggingFace ViT (`model_type: "vit"`): the classifier on the CLS token, or the base model with its pooler. */
export const VIT = {
  id: 'hf-vit',
  description: 'HuggingFace ViTForImageClassification and ViTModel with its pooler (pre-LN encoder, CLS token, patch embeddings)',
  name: 'ViT',
  label: 'a ViT',
  config: {
    modelType: 'vit',
    defaults: {
      hidden_size: 768, num_hidden_layers: 12, num_attention_heads: 12, intermediate_size: 3072, hidden_act: 'gelu', hidden_dropout_prob: 0.0,
      attention_probs_dropout_prob: 0.0, initializer_range: 0.02, layer_norm_eps: 1e-12, image_size: 224, patch_size: 16, num_channels: 3, qkv_bias: true,
    },
    defaultHead: 'classification',
  },
  prefix: 'vit.',
  embeddings: {
    module: 'vit.embeddings',
    patches: 'vit.embeddings.patch_embeddings',
    projection: 'vit.embeddings.patch_embeddings.projection',
    tokens: ['vit.embeddings.cls_token'],
    position: 'vit.embeddings.position_embeddings',
  },
  encoder: 'vit.encoder',
  layer: 'vit.encoder.layer.{i}',
  finalNorm: 'vit.layernorm',
  model: 'vit',
  heads: {
    classification: { architecture: 'ViTForImageClassification', task: 'classification', outputs: [{ module: 'classifier', token: 0 }] },
    base: { architecture: 'ViTModel', task: 'features', pooler: { dense: 'vit.pooler.dense', activated: ['vit.pooler.activation', 'vit.pooler'] }, outputs: [] },
  },
  // ViTForImageClassification has no pooler; checkpoints converted from the original ViT carry one.
  unusedCheckpointTensors: [/^vit\.pooler\./],
  onnx: true,
} as const satisfies VisionFamily;
