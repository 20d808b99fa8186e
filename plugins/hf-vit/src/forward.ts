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
import { SequenceRecorder, visionStageKeys } from './capture';
import { VisionConfig, VitConfig, familyGrid, headSize, patchGrid } from './config';
import { VisionFamily } from './family';
import { VIT } from './families/vit';
import { headSpec } from './heads';
import { scaledDotProductAttention } from './layers';
import { VitLayerPart, layerKey, vitParam } from './names';
import { checkVisionParams, visionParameters, visionStoredName } from './parameters';
import { parseSeqFilter } from './token-filters';

/**
 * The patch convolution (stride = kernel = patch size) as one matMul: every patch flattened in
 * the weight's `[channel, row, column]` order. Returns `[batch·patches, hidden]`, patches
 * row-major over the grid as the convolution's `flatten(2)` orders them.
 */
function embedPatches(family: VisionFamily, config: VisionConfig, params: Params, pixels: tf.Tensor4D): tf.Tensor2D {
  const { numChannels: c, patchSize: p, hiddenSize: h } = config;
  const { rows, cols } = patchGrid(config);
  const batch = pixels.shape[0];
  const patches = tf.reshape(tf.transpose(tf.reshape(pixels, [batch, c, rows, p, cols, p]), [0, 2, 4, 1, 3, 5]), [batch * rows * cols, c * p * p]);
  const projection = family.embeddings.projection;
  const weight = tf.reshape(params[vitParam(projection, 'weight')], [h, c * p * p]);
  return linearLayer(patches as tf.Tensor2D, weight, params[vitParam(projection, 'bias')]);
}

/** `[CLS, other prepended tokens, patch embeddings] + position embeddings`, as `[batch·tokens, hidden]`. */
function embed(family: VisionFamily, config: VisionConfig, params: Params, patchEmbeddings: tf.Tensor2D, batch: number): tf.Tensor2D {
  const { patches, tokens } = familyGrid(family, config);
  const h = config.hiddenSize;
  const prepended = family.embeddings.tokens.map((token) => tf.tile(tf.reshape(params[token], [1, 1, h]), [batch, 1, 1]));
  const sequence = tf.concat([...prepended, tf.reshape(patchEmbeddings, [batch, patches, h])], 1);
  return tf.reshape(tf.add(sequence, params[family.embeddings.position]), [batch * tokens, h]);
}

/** One pre-LN encoder block on `x [batch·tokens, hidden]`. */
function encoderBlock(family: VisionFamily, config: VisionConfig, params: Params, i: number, x: tf.Tensor2D, record: SequenceRecorder, preRelu: boolean): tf.Tensor2D {
  const key = (part?: VitLayerPart) => layerKey(family, i, part);
  const eps = config.layerNormEps;
  const { tokens } = familyGrid(family, config);
  const batch = x.shape[0] / tokens;

  const normed = layerNormModule(params, key('layernorm_before'), x, eps);
  record.sequence([key('layernorm_before')], normed, batch);
  const [q, k, v] = (['query', 'key', 'value'] as const).map((part) => {
    const projected = linearModule(params, key(`attention.attention.${part}`), normed, config.qkvBias);
    record.sequence([key(`attention.attention.${part}`)], projected, batch);
    return projected;
  });
  const context = scaledDotProductAttention(q, k, v, { batch, tokens, heads: config.numHeads, headSize: headSize(config) });
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
 * The final layer norm, then the head: its output layers, each on its token, their logits
 * averaged (`[batch, labels]`; DeiT's teacher head: the CLS and distillation heads' mean, as
 * transformers computes at inference), or a base model's pooler on the CLS token (dense and its
 * activation, `[batch, pooler_output_size]`).
 */
function head(family: VisionFamily, config: VisionConfig, params: Params, x: tf.Tensor2D, record: SequenceRecorder): tf.Tensor2D {
  const { tokens } = familyGrid(family, config);
  const h = config.hiddenSize;
  const batch = x.shape[0] / tokens;
  record.sequence([family.encoder], x, batch);
  const normed = layerNormModule(params, family.finalNorm, x, config.layerNormEps);
  record.sequence([family.finalNorm, family.model], normed, batch);
  const token = (t: number) => tf.reshape(tf.slice(tf.reshape(normed, [batch, tokens, h]), [0, t, 0], [batch, 1, h]), [batch, h]) as tf.Tensor2D;
  const { pooler, outputs } = headSpec(family, config);
  if (pooler) {
    const dense = linearModule(params, pooler.dense, token(0));
    record.output([pooler.dense], dense);
    const pooled = activate(config.poolerAct, dense) as tf.Tensor2D;
    record.output(pooler.activated, pooled);
    return pooled;
  }
  const logits = outputs.map((layer) => {
    const out = linearModule(params, layer.module, token(layer.token));
    record.output([layer.module], out);
    return out;
  });
  return logits.length === 1 ? logits[0] : (tf.div(tf.addN(logits), logits.length) as tf.Tensor2D);
}

/**
 * A family's eval forward pass (HuggingFace's `ViTForImageClassification`, `ViTModel`, DeiT's
 * classes) as stages: the embeddings, each encoder block, the head. The state between stages is
 * the token sequence `[batch·tokens, hidden]`; the first stage takes `pixelValues [batch, C, H, W]`,
 * the last returns logits `[batch, labels]`, or a base model's pooled output
 * `[batch, pooler_output_size]` (its `last_hidden_state` is the final layer norm's capture).
 * Parameters are read under the checkpoint's names (a base model's have no prefix).
 * `capture.keys` are the task models' module names (see `visionCaptureKeys`); sequence outputs
 * are filtered by `capture.options.seq_filter` (see `visionKeptTokens`); with `pre_relu: false`
 * the `intermediate.dense` rows are taken after GELU.
 */
export function visionStages(family: VisionFamily, config: VisionConfig, capture?: CaptureRequest): ForwardStage[] {
  const wanted = new Set(capture?.keys ?? []);
  const keys = visionStageKeys(family, config);
  keys.check(wanted, family.name);
  const filter = parseSeqFilter(capture?.options?.seq_filter);
  const preRelu = capture?.options?.pre_relu !== false;
  const table = visionParameters(family, config);
  const stored = visionStoredName(family, config);
  const recording = recordingStages(wanted, () => new SequenceRecorder(family, config, wanted, filter));
  // A stage loads the parameters of `modules` under the checkpoint's names and reads them under the module names.
  const stage = (id: string, modules: string[], stageKeys: readonly string[], run: RecordingRun<SequenceRecorder>) => {
    const names = table.namesUnder(modules);
    return recording(id, names.map(stored), stageKeys, (params, state, record) => run(byPluginName(params, names, stored), state, record));
  };
  const { module: embeddings, patches } = family.embeddings;
  const { pooler, outputs } = headSpec(family, config);
  return [
    stage(embeddings, [embeddings], keys.embeddings, (params, [pixels], record) => {
      checkPixelValues(pixels, config.numChannels, config.imageSize);
      const batch = pixels.shape[0];
      const patchEmbeddings = embedPatches(family, config, params, pixels as tf.Tensor4D);
      record.sequence([patches], patchEmbeddings, batch);
      const x = embed(family, config, params, patchEmbeddings, batch);
      record.sequence([embeddings], x, batch);
      return [x];
    }),
    ...keys.layers.map((layerKeys, i) =>
      stage(layerKey(family, i), [layerKey(family, i)], layerKeys, (params, [x], record) => [encoderBlock(family, config, params, i, x as tf.Tensor2D, record, preRelu)]),
    ),
    stage('head', [family.finalNorm, ...(pooler ? [pooler.dense] : []), ...outputs.map((layer) => layer.module)], keys.head, (params, [x], record) => [
      head(family, config, params, x as tf.Tensor2D, record),
    ]),
  ];
}

/**
 * A family's whole forward pass (`visionStages` run in one go). Differentiable in `params`
 * (tf.Variables work), so it also serves training; captured activations are the caller's.
 */
export function visionForward(family: VisionFamily, config: VisionConfig, params: Params, pixelValues: tf.Tensor, capture?: CaptureRequest): ForwardResult {
  checkVisionParams(family, config, params);
  return runStages(visionStages(family, config, capture), params, pixelValues);
}

/** HuggingFace `ViTForImageClassification`'s or `ViTModel`'s eval forward pass as stages; see `visionStages`. */
export const vitStages = (config: VitConfig, capture?: CaptureRequest): ForwardStage[] => visionStages(VIT, config, capture);

/** A ViT's whole forward pass; see `visionForward`. */
export const vitForward = (config: VitConfig, params: Params, pixelValues: tf.Tensor, capture?: CaptureRequest): ForwardResult => visionForward(VIT, config, params, pixelValues, capture);
