/**
 * HuggingFace's module and parameter names for `ResNetForImageClassification`, so a model
 * folder written by `transformers` reads without renaming. Module names double as capture keys.
 */

/** The stem's `ResNetConvLayer` (conv 7×7 stride 2, BatchNorm, activation). */
export const RESNET_STEM = 'resnet.embedder.embedder';
export const RESNET_STEM_POOL = 'resnet.embedder.pooler';
/** The embeddings' output: the stem after its max pool (`hidden_states[0]`). */
export const RESNET_EMBEDDER = 'resnet.embedder';
/** The last stage's output. */
export const RESNET_ENCODER = 'resnet.encoder';
/** Global average pool, `[batch, channels]`. */
export const RESNET_POOLER = 'resnet.pooler';
/** The classifier's output (the logits). */
export const RESNET_CLASSIFIER = 'classifier';
/** `classifier` is `nn.Sequential(Flatten, Linear)`: the linear layer is its entry 1. */
export const RESNET_CLASSIFIER_LINEAR = 'classifier.1';

export const resnetStage = (stage: number) => `resnet.encoder.stages.${stage}`;
/** One residual layer (a basic or bottleneck block). */
export const resnetBlock = (stage: number, layer: number) => `${resnetStage(stage)}.layers.${layer}`;
export const resnetShortcut = (block: string) => `${block}.shortcut`;
/** The k-th `ResNetConvLayer` of a block's branch. */
export const resnetBranchLayer = (block: string, k: number) => `${block}.layer.${k}`;

/** The parts of a `ResNetConvLayer` (or shortcut): the convolution, the BatchNorm, and the module itself (after its activation). */
export const convolutionOf = (module: string) => `${module}.convolution`;
export const normalizationOf = (module: string) => `${module}.normalization`;
export const param = (module: string, kind: 'weight' | 'bias') => `${module}.${kind}`;
