import * as tf from '@tensorflow/tfjs';
import { CaptureRequest, ForwardResult, ForwardStage, Params, RecordingRun, activate, byPluginName, layerNormModule, linearModule, recordingStages, runStages } from '@otfuse/core';
import { TokenRecorder, encoderStageKeys } from './capture';
import { parseCaptureOptions } from './capture-options';
import { BertConfig, EncoderConfig, headSize } from './config';
import { EncoderFamily, MaskedLmSpec, OutputLayer, PoolerSpec } from './family';
import { BERT } from './families/bert';
import { headSpec } from './heads';
import { HostInputs, readInputs } from './inputs';
import { FLOAT32_MIN, maskedAttention } from './layers';
import { layerKey, pointNames } from './names';
import { encoderParameters, encoderStoredName, checkEncoderParams, moduleOf, outputClasses } from './parameters';
import { positionRows } from './positions';

/** Row `r` of the packed inputs `[batch, 3, length]` as `[batch, length]`. */
function inputRow(inputs: tf.Tensor, row: number): tf.Tensor2D {
  const [batch, , length] = inputs.shape;
  return tf.reshape(tf.slice(inputs, [0, row, 0], [batch, 1, length]), [batch, length]);
}

/** `(1 - attention_mask) · float32 min`, the additive key mask HuggingFace's eager attention uses. */
function keyBias(inputs: tf.Tensor): tf.Tensor2D {
  return tf.mul(tf.sub(1, tf.cast(inputRow(inputs, 1), 'float32')), FLOAT32_MIN) as tf.Tensor2D;
}

/** Word (+ token-type) + position embeddings (HuggingFace's order of additions), then the LayerNorm. */
function embeddings(family: EncoderFamily, config: EncoderConfig, params: Params, inputs: tf.Tensor, record: TokenRecorder): tf.Tensor2D {
  const { word: wordModule, position: positionModule, tokenType: tokenTypeModule, norm, module } = family.embeddings;
  const [batch, , length] = inputs.shape;
  const rows = (row: number) => tf.reshape(tf.cast(inputRow(inputs, row), 'int32'), [batch * length]);
  const word = tf.gather(params[`${wordModule}.weight`], rows(0)) as tf.Tensor2D;
  record.tokens([wordModule], word);
  let sum = word;
  if (tokenTypeModule !== undefined) {
    const tokenType = tf.gather(params[`${tokenTypeModule}.weight`], rows(2)) as tf.Tensor2D;
    record.tokens([tokenTypeModule], tokenType);
    sum = tf.add(sum, tokenType);
  }
  const position = positionRows(family.embeddings.positionIds, config, params[`${positionModule}.weight`], tf.cast(inputRow(inputs, 0), 'int32'));
  record.tokens([positionModule], position);
  const out = layerNormModule(params, norm, tf.add(sum, position) as tf.Tensor2D, config.layerNormEps);
  record.tokens([norm, module], out);
  return out;
}

/** One post-LN encoder block on `x [batch·length, hidden]`. */
function encoderBlock(family: EncoderFamily, config: EncoderConfig, params: Params, i: number, x: tf.Tensor2D, inputs: tf.Tensor, record: TokenRecorder): tf.Tensor2D {
  const block = family.block;
  const key = (part: string) => layerKey(family, i, part);
  const prefix = `${layerKey(family, i)}.`;
  const [batch, , length] = inputs.shape;
  const [q, k, v] = [block.query, block.key, block.value].map((part) => {
    const projected = linearModule(params, key(part), x);
    record.tokens([key(part)], projected);
    return projected;
  });
  const { context, probs } = maskedAttention(q, k, v, keyBias(inputs), { batch, length, heads: config.numHeads, headSize: headSize(config) });
  record.output(block.probs.map(key), tf.reshape(probs, [batch * config.numHeads * length, length]));
  record.tokens(block.context.map(key), context);
  const attended = linearModule(params, key(block.attentionOutput.module), context);
  record.tokens(pointNames(block.attentionOutput, prefix), attended);
  const afterAttention = layerNormModule(params, key(block.attentionNorm.module), tf.add(attended, x) as tf.Tensor2D, config.layerNormEps);
  record.tokens(pointNames(block.attentionNorm, prefix), afterAttention);

  const hidden = linearModule(params, key(block.ff0), afterAttention);
  const activated = activate(config.hiddenAct, hidden);
  record.tokens([key(block.ff0)], record.preActivation ? hidden : activated);
  record.tokens(block.activated.map(key), activated);
  const projected = linearModule(params, key(block.ff1.module), activated);
  record.tokens(pointNames(block.ff1, prefix), projected);
  const out = layerNormModule(params, key(block.outputNorm.module), tf.add(projected, afterAttention) as tf.Tensor2D, config.layerNormEps);
  record.tokens([...pointNames(block.outputNorm, prefix), layerKey(family, i)], out);
  return out;
}

/** The pooler: dense + activation on each sequence's first token, `[batch, hidden]`. */
function pool(pooler: PoolerSpec, config: EncoderConfig, params: Params, x: tf.Tensor2D, batch: number, record: TokenRecorder): tf.Tensor2D {
  const length = x.shape[0] / batch;
  const first = tf.reshape(tf.slice(tf.reshape(x, [batch, length, config.hiddenSize]), [0, 0, 0], [batch, 1, config.hiddenSize]), [batch, config.hiddenSize]) as tf.Tensor2D;
  const dense = linearModule(params, pooler.dense, first);
  record.output([pooler.dense], dense);
  const pooled = pooler.activation === 'tanh' ? tf.tanh(dense) : tf.relu(dense);
  record.output(pooler.activated, pooled);
  return pooled;
}

/** An output layer on the pooled tokens (`[batch, classes]`) or on every token (`[batch, length, classes]`). */
function outputLayer(config: EncoderConfig, params: Params, layer: OutputLayer, x: tf.Tensor2D, pooled: tf.Tensor2D | undefined, batch: number, record: TokenRecorder): tf.Tensor {
  const keys = pointNames(layer);
  if (layer.reads === 'pooled') {
    const logits = linearModule(params, layer.module, pooled as tf.Tensor2D);
    record.output(keys, logits);
    return logits;
  }
  const logits = linearModule(params, layer.module, x);
  record.tokens(keys, logits);
  return tf.reshape(logits, [batch, x.shape[0] / batch, outputClasses(config, layer)]);
}

/** Transform (dense → activation → LayerNorm) and the decoder `wordTable` (tied) plus the head's bias: `[batch, length, vocab]`. */
function maskedLmHead(spec: MaskedLmSpec, config: EncoderConfig, params: Params, x: tf.Tensor2D, wordTable: tf.Tensor, batch: number, record: TokenRecorder): tf.Tensor3D {
  const dense = linearModule(params, spec.dense, x);
  record.tokens([spec.dense], dense);
  const activated = activate(spec.activation === 'config' ? config.hiddenAct : spec.activation, dense);
  record.tokens(spec.activated, activated);
  const transformed = layerNormModule(params, spec.norm.module, activated, config.layerNormEps);
  record.tokens(pointNames(spec.norm), transformed);
  const logits = tf.add(tf.matMul(transformed, tf.transpose(wordTable)), params[spec.bias]) as tf.Tensor2D;
  record.tokens([spec.decoder, ...spec.logits], logits);
  return tf.reshape(logits, [batch, x.shape[0] / batch, config.vocabSize]);
}

/** The head's parts on the encoder's output: its masked-LM logits, else its first output layer's, else the pooled output, else the hidden sequence. */
function headOutputs(family: EncoderFamily, config: EncoderConfig, params: Params, x: tf.Tensor2D, wordTable: tf.Tensor | undefined, batch: number, record: TokenRecorder): tf.Tensor {
  const head = headSpec(family, config);
  const pooled = head.pooler ? pool(head.pooler, config, params, x, batch, record) : undefined;
  const outputs = head.outputs.map((layer) => outputLayer(config, params, layer, x, pooled, batch, record));
  const maskedLm = head.maskedLm ? maskedLmHead(head.maskedLm, config, params, x, wordTable as tf.Tensor, batch, record) : undefined;
  return maskedLm ?? outputs[0] ?? pooled ?? tf.reshape(x, [batch, x.shape[0] / batch, config.hiddenSize]);
}

/** The modules whose parameters the head stage loads. */
function headModules(family: EncoderFamily, config: EncoderConfig): string[] {
  const { pooler, maskedLm, outputs } = headSpec(family, config);
  return [...(pooler ? [pooler.dense] : []), ...(maskedLm ? [maskedLm.dense, maskedLm.norm.module, moduleOf(maskedLm.bias)] : []), ...outputs.map((layer) => layer.module)];
}

/**
 * An encoder's eval forward pass as stages: the embeddings, each encoder block, the head. The
 * first stage takes the packed inputs `[batch, 3, length]` (see `packBertInputs`); between stages
 * the state is the hidden sequence `[batch·length, hidden]` and the inputs (for the padding mask
 * and the token filter), and for a masked LM also the word-embedding table, which the tied decoder
 * in the last stage reads (every parameter is declared by the one stage that loads it). The last
 * stage returns the head's output (see `HeadSpec`): masked-LM logits `[batch, length, vocab]`,
 * sequence-classification logits `[batch, labels]`, token-classification or span logits
 * `[batch, length, labels]`, a base model's pooled output `[batch, hidden]`, or without a pooler
 * its last hidden state `[batch, length, hidden]`. Parameters are read under the checkpoint's names
 * (a base model's have no prefix). `capture.keys` are the task models' module names (see
 * `encoderCaptureKeys`); token rows follow `capture.options.seq_filter` and `seed`, and
 * `pre_relu: false` records the MLP's first layer after the activation (see `parseCaptureOptions`).
 */
export function encoderStages(family: EncoderFamily, config: EncoderConfig, capture?: CaptureRequest): ForwardStage[] {
  const wanted = new Set(capture?.keys ?? []);
  const keys = encoderStageKeys(family, config);
  const head = headSpec(family, config);
  keys.check(wanted, head.architecture);
  const options = parseCaptureOptions(capture?.options);
  const table = encoderParameters(family, config);
  const stored = encoderStoredName(family, config);
  const word = `${family.embeddings.word}.weight`;
  const recording = recordingStages(wanted, (state) => {
    // The inputs are the first stage's whole state and the second tensor of every later one.
    const inputs = state.length === 1 ? state[0] : state[1];
    let host: HostInputs | undefined;
    return new TokenRecorder(wanted, options, () => (host ??= readInputs(config, inputs, family)));
  });
  // A stage loads the parameters of `modules` under the checkpoint's names and reads them under the module names.
  const stage = (id: string, modules: string[], stageKeys: readonly string[], run: RecordingRun<TokenRecorder>) => {
    const names = table.namesUnder(modules);
    return recording(id, names.map(stored), stageKeys, (params, state, record) => run(byPluginName(params, names, stored), state, record));
  };
  return [
    stage(family.embeddings.module, [family.embeddings.module], keys.embeddings, (params, [inputs], record) => {
      readInputs(config, inputs, family);
      const x = embeddings(family, config, params, inputs, record);
      // The tied decoder reads the table in the last stage: it travels with the state, as a view
      // of the loaded table (a reshape shares the data; tf.clone copies it on wasm, once per batch).
      return head.maskedLm ? [x, inputs, tf.reshape(params[word], params[word].shape)] : [x, inputs];
    }),
    ...keys.layers.map((layerKeys, i) =>
      stage(layerKey(family, i), [layerKey(family, i)], layerKeys, (params, [x, inputs, ...rest], record) => [encoderBlock(family, config, params, i, x as tf.Tensor2D, inputs, record), inputs, ...rest]),
    ),
    stage('head', headModules(family, config), keys.head, (params, [x, inputs, wordTable], record) => {
      record.tokens([family.encoder], x as tf.Tensor2D);
      return [headOutputs(family, config, params, x as tf.Tensor2D, wordTable, inputs.shape[0], record)];
    }),
  ];
}

/**
 * The whole forward pass (`encoderStages` in one go) on packed inputs `[batch, 3, length]`.
 * Differentiable in `params` (tf.Variables work); captured activations are the caller's.
 */
export function encoderForward(family: EncoderFamily, config: EncoderConfig, params: Params, inputs: tf.Tensor, capture?: CaptureRequest): ForwardResult {
  checkEncoderParams(family, config, params);
  return runStages(encoderStages(family, config, capture), params, inputs);
}

export const bertStages = (config: BertConfig, capture?: CaptureRequest) => encoderStages(BERT, config, capture);
export const bertForward = (config: BertConfig, params: Params, inputs: tf.Tensor, capture?: CaptureRequest) => encoderForward(BERT, config, params, inputs, capture);
