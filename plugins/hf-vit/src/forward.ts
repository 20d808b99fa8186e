import * as tf from '@tensorflow/tfjs';
import {
  CaptureRequest,
  ForwardResult,
  ForwardStage,
  Params,
  RecordingRun,
  activate,
  byPluginName,
  checkPixelValues,
  gelu,
  layerNormModule,
  linearLayer,
  linearModule,
  recordingStages,
  runStages,
} from '@otfuse/core';
import { SequenceRecorder, vitStageKeys } from './capture';
import { VitConfig, headSize, patchGrid } from './config';
import { scaledDotProductAttention } from './layers';
import {
  VIT_CLASSIFIER,
  VIT_CLS_TOKEN,
  VIT_EMBEDDINGS,
  VIT_ENCODER,
  VIT_FINAL_LAYERNORM,
  VIT_MODEL,
  VIT_PATCH_EMBEDDINGS,
  VIT_PATCH_PROJECTION,
  VIT_POOLER,
  VIT_POOLER_ACTIVATION,
  VIT_POOLER_DENSE,
  VIT_POSITION_EMBEDDINGS,
  VitLayerPart,
  vitLayerKey,
  vitParam,
} from './names';
import { checkVitParams, vitParameters, vitStoredName } from './parameters';
import { parseSeqFilter } from './token-filters';

/**
 * The patch convolution (stride = kernel = patch size) as one matMul: every patch flattened in
 * the weight's `[channel, row, column]` order. Returns `[batch·patches, hidden]`, patches
 * row-major over the grid as the convolution's `flatten(2)` orders them.
 */
function embedPatches(config: VitConfig, params: Params, pixels: tf.Tensor4D): tf.Tensor2D {
  const { numChannels: c, patchSize: p, hiddenSize: h } = config;
  const { rows, cols } = patchGrid(config);
  const batch = pixels.shape[0];
  const patches = tf.reshape(tf.transpose(tf.reshape(pixels, [batch, c, rows, p, cols, p]), [0, 2, 4, 1, 3, 5]), [batch * rows * cols, c * p * p]);
  const weight = tf.reshape(params[vitParam(VIT_PATCH_PROJECTION, 'weight')], [h, c * p * p]);
  return linearLayer(patches as tf.Tensor2D, weight, params[vitParam(VIT_PATCH_PROJECTION, 'bias')]);
}

/** `[CLS, patch embeddings] + position embeddings`, as `[batch·tokens, hidden]`. */
function embed(config: VitConfig, params: Params, patchEmbeddings: tf.Tensor2D, batch: number): tf.Tensor2D {
  const { patches, tokens } = patchGrid(config);
  const h = config.hiddenSize;
  const cls = tf.tile(tf.reshape(params[VIT_CLS_TOKEN], [1, 1, h]), [batch, 1, 1]);
  const sequence = tf.concat([cls, tf.reshape(patchEmbeddings, [batch, patches, h])], 1);
  return tf.reshape(tf.add(sequence, params[VIT_POSITION_EMBEDDINGS]), [batch * tokens, h]);
}

/** One pre-LN encoder block on `x [batch·tokens, hidden]`. */
function encoderBlock(config: VitConfig, params: Params, i: number, x: tf.Tensor2D, record: SequenceRecorder, preRelu: boolean): tf.Tensor2D {
  const key = (part?: VitLayerPart) => vitLayerKey(i, part);
  const eps = config.layerNormEps;
  const batch = x.shape[0] / patchGrid(config).tokens;

  const normed = layerNormModule(params, key('layernorm_before'), x, eps);
  record.sequence([key('layernorm_before')], normed, batch);
  const [q, k, v] = (['query', 'key', 'value'] as const).map((part) => {
    const projected = linearModule(params, key(`attention.attention.${part}`), normed, config.qkvBias);
    record.sequence([key(`attention.attention.${part}`)], projected, batch);
    return projected;
  });
  const context = scaledDotProductAttention(q, k, v, { batch, tokens: patchGrid(config).tokens, heads: config.numHeads, headSize: headSize(config) });
  record.sequence([key('attention.attention')], context, batch);
  const attended = linearModule(params, key('attention.output.dense'), context);
  record.sequence([key('attention.output.dense'), key('attention.output'), key('attention')], attended, batch);
  const afterAttention = tf.add(attended, x) as tf.Tensor2D;

  const normedAgain = layerNormModule(params, key('layernorm_after'), afterAttention, eps);
  record.sequence([key('layernorm_after')], normedAgain, batch);
  const hidden = linearModule(params, key('intermediate.dense'), normedAgain);
  const activated = gelu(hidden);
  record.sequence([key('intermediate.dense')], preRelu ? hidden : activated, batch);
  record.sequence([key('intermediate.intermediate_act_fn'), key('intermediate')], activated, batch);
  const projected = linearModule(params, key('output.dense'), activated);
  record.sequence([key('output.dense')], projected, batch);
  const out = tf.add(projected, afterAttention) as tf.Tensor2D;
  record.sequence([key('output'), key()], out, batch);
  return out;
}

/**
 * The final layer norm, then on the CLS token the classifier (`[batch, labels]`) or a
 * `ViTModel`'s pooler (dense and its activation, `[batch, pooler_output_size]`).
 */
function head(config: VitConfig, params: Params, x: tf.Tensor2D, record: SequenceRecorder): tf.Tensor2D {
  const { tokens } = patchGrid(config);
  const h = config.hiddenSize;
  const batch = x.shape[0] / tokens;
  record.sequence([VIT_ENCODER], x, batch);
  const normed = layerNormModule(params, VIT_FINAL_LAYERNORM, x, config.layerNormEps);
  record.sequence([VIT_FINAL_LAYERNORM, VIT_MODEL], normed, batch);
  const cls = tf.reshape(tf.slice(tf.reshape(normed, [batch, tokens, h]), [0, 0, 0], [batch, 1, h]), [batch, h]) as tf.Tensor2D;
  if (config.head === 'classification') {
    const out = linearModule(params, VIT_CLASSIFIER, cls);
    record.output([VIT_CLASSIFIER], out);
    return out;
  }
  const dense = linearModule(params, VIT_POOLER_DENSE, cls);
  record.output([VIT_POOLER_DENSE], dense);
  const pooled = activate(config.poolerAct, dense) as tf.Tensor2D;
  record.output([VIT_POOLER_ACTIVATION, VIT_POOLER], pooled);
  return pooled;
}

/**
 * HuggingFace `ViTForImageClassification`'s or `ViTModel`'s eval forward pass as stages: the
 * embeddings, each encoder block, the head. The state between stages is the token sequence
 * `[batch·tokens, hidden]`; the first stage takes `pixelValues [batch, C, H, W]`, the last
 * returns logits `[batch, labels]` from the CLS token, or a `ViTModel`'s pooled output
 * `[batch, pooler_output_size]` (its `last_hidden_state` is the `vit.layernorm` capture).
 * Parameters are read under the checkpoint's names (a `ViTModel`'s have no `vit.` prefix).
 * `capture.keys` are the classifier's module names (see `vitCaptureKeys`); sequence outputs are
 * filtered by `capture.options.seq_filter` (see `keptTokens`); with `pre_relu: false` the
 * `intermediate.dense` rows are taken after GELU.
 */
export function vitStages(config: VitConfig, capture?: CaptureRequest): ForwardStage[] {
  const wanted = new Set(capture?.keys ?? []);
  const keys = vitStageKeys(config);
  keys.check(wanted, 'ViT');
  const filter = parseSeqFilter(capture?.options?.seq_filter);
  const preRelu = capture?.options?.pre_relu !== false;
  const table = vitParameters(config);
  const stored = vitStoredName(config);
  const recording = recordingStages(wanted, () => new SequenceRecorder(config, wanted, filter));
  // A stage loads the parameters of `modules` under the checkpoint's names and reads them under the module names.
  const stage = (id: string, modules: string[], stageKeys: readonly string[], run: RecordingRun<SequenceRecorder>) => {
    const names = table.namesUnder(modules);
    return recording(id, names.map(stored), stageKeys, (params, state, record) => run(byPluginName(params, names, stored), state, record));
  };
  return [
    stage(VIT_EMBEDDINGS, [VIT_EMBEDDINGS], keys.embeddings, (params, [pixels], record) => {
      checkPixelValues(pixels, config.numChannels, config.imageSize);
      const batch = pixels.shape[0];
      const patchEmbeddings = embedPatches(config, params, pixels as tf.Tensor4D);
      record.sequence([VIT_PATCH_EMBEDDINGS], patchEmbeddings, batch);
      const x = embed(config, params, patchEmbeddings, batch);
      record.sequence([VIT_EMBEDDINGS], x, batch);
      return [x];
    }),
    ...keys.layers.map((layerKeys, i) =>
      stage(vitLayerKey(i), [vitLayerKey(i)], layerKeys, (params, [x], record) => [encoderBlock(config, params, i, x as tf.Tensor2D, record, preRelu)]),
    ),
    stage('head', [VIT_FINAL_LAYERNORM, VIT_CLASSIFIER, VIT_POOLER], keys.head, (params, [x], record) => [head(config, params, x as tf.Tensor2D, record)]),
  ];
}

/**
 * The whole forward pass (`vitStages` run in one go). Differentiable in `params`
 * (tf.Variables work), so it also serves training; captured activations are the caller's.
 */
export function vitForward(config: VitConfig, params: Params, pixelValues: tf.Tensor, capture?: CaptureRequest): ForwardResult {
  checkVitParams(config, params);
  return runStages(vitStages(config, capture), params, pixelValues);
}
