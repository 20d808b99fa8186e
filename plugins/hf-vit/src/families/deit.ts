import { VisionFamily } from '../family';
import { VIT } from './vit';

/**
 * HuggingFace DeiT (`model_type: "deit"`): ViT's encoder and config keys, a distillation token
 * after the CLS token (position embeddings for patches + 2), and a teacher head: a classifier
 * on each of the two tokens, their logits averaged as transformers does at inference.
 */
export const DEIT = {
  ...VIT,
  id: 'hf-deit',
  description:
    'HuggingFace DeiTForImageClassification, DeiTForImageClassificationWithTeacher (CLS and distillation heads averaged) and DeiTModel with its pooler (ViT with a distillation token)',
  name: 'DeiT',
  label: 'a DeiT',
  config: { ...VIT.config, modelType: 'deit' },
  prefix: 'deit.',
  embeddings: {
    module: 'deit.embeddings',
    patches: 'deit.embeddings.patch_embeddings',
    projection: 'deit.embeddings.patch_embeddings.projection',
    tokens: ['deit.embeddings.cls_token', 'deit.embeddings.distillation_token'],
    position: 'deit.embeddings.position_embeddings',
  },
  encoder: 'deit.encoder',
  layer: 'deit.encoder.layer.{i}',
  finalNorm: 'deit.layernorm',
  model: 'deit',
  heads: {
    classification: { architecture: 'DeiTForImageClassification', task: 'classification', outputs: [{ module: 'classifier', token: 0 }] },
    teacher: {
      architecture: 'DeiTForImageClassificationWithTeacher',
      task: 'classification',
      outputs: [
        { module: 'cls_classifier', token: 0 },
        { module: 'distillation_classifier', token: 1 },
      ],
    },
    base: { architecture: 'DeiTModel', task: 'features', pooler: { dense: 'deit.pooler.dense', activated: ['deit.pooler.activation', 'deit.pooler'] }, outputs: [] },
  },
  unusedCheckpointTensors: [/^deit\.pooler\./],
} as const satisfies VisionFamily;
