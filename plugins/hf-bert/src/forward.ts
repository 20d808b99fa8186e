import * as tf from '@tensorflow/tfjs';
import { CaptureRequest, ForwardResult, ForwardStage, Params, RecordingRun, activate, byPluginName, layerNormModule, linearModule, recordingStages, runStages } from '@otfuse/core';
import { TokenRecorder, bertStageKeys } from './capture';
import { parseCaptureOptions } from './capture-options';
import { BERT_ARCHITECTURES, BertConfig, headSize } from './config';
import { BertOutputLayer, bertHead } from './heads';
import { HostInputs, readInputs } from './inputs';
import { FLOAT32_MIN, maskedAttention } from './layers';
import {
  BERT_EMBEDDINGS,
  BERT_EMBEDDINGS_LAYERNORM,
  BERT_ENCODER,
  BERT_POOLER,
  BERT_POOLER_ACTIVATION,
  BERT_POOLER_DENSE,
  BERT_POSITION_EMBEDDINGS,
  BERT_TOKEN_TYPE_EMBEDDINGS,
  BERT_WORD_EMBEDDINGS,
  BertLayerPart,
  MLM_BIAS,
  MLM_DECODER,
  MLM_HEAD,
  MLM_PREDICTIONS,
  MLM_TRANSFORM,
  MLM_TRANSFORM_ACT,
  MLM_TRANSFORM_DENSE,
  MLM_TRANSFORM_LAYERNORM,
  bertLayerKey,
  bertParam,
} from './names';
import { bertParameters, bertStoredName, checkBertParams, outputClasses } from './parameters';

/** Row `r` of the packed inputs `[batch, 3, length]` as `[batch, length]`. */
function inputRow(inputs: tf.Tensor, row: number): tf.Tensor2D {
  const [batch, , length] = inputs.shape;
  return tf.reshape(tf.slice(inputs, [0, row, 0], [batch, 1, length]), [batch, length]);
}

/** `(1 - attention_mask) · float32 min`, the additive key mask HuggingFace's eager attention uses. */
function keyBias(inputs: tf.Tensor): tf.Tensor2D {
  return tf.mul(tf.sub(1, tf.cast(inputRow(inputs, 1), 'float32')), FLOAT32_MIN) as tf.Tensor2D;
}

/** Word + token-type + position embeddings (HuggingFace's order of additions), then the LayerNorm. */
function embeddings(config: BertConfig, params: Params, inputs: tf.Tensor, record: TokenRecorder): tf.Tensor2D {
  const [batch, , length] = inputs.shape;
  const rows = (row: number) => tf.reshape(tf.cast(inputRow(inputs, row), 'int32'), [batch * length]);
  const word = tf.gather(params[bertParam(BERT_WORD_EMBEDDINGS, 'weight')], rows(0)) as tf.Tensor2D;
  const tokenType = tf.gather(params[bertParam(BERT_TOKEN_TYPE_EMBEDDINGS, 'weight')], rows(2)) as tf.Tensor2D;
  const positionTable = tf.slice(params[bertParam(BERT_POSITION_EMBEDDINGS, 'weight')], [0, 0], [length, config.hiddenSize]);
  const position = tf.reshape(tf.tile(tf.expandDims(positionTable, 0), [batch, 1, 1]), [batch * length, config.hiddenSize]) as tf.Tensor2D;
  record.tokens([BERT_WORD_EMBEDDINGS], word);
  record.tokens([BERT_TOKEN_TYPE_EMBEDDINGS], tokenType);
  record.tokens([BERT_POSITION_EMBEDDINGS], position);
  const out = layerNormModule(params, BERT_EMBEDDINGS_LAYERNORM, tf.add(tf.add(word, tokenType), position) as tf.Tensor2D, config.layerNormEps);
  record.tokens([BERT_EMBEDDINGS_LAYERNORM, BERT_EMBEDDINGS], out);
  return out;
}

/** One post-LN encoder block on `x [batch·length, hidden]`. */
function encoderBlock(config: BertConfig, params: Params, i: number, x: tf.Tensor2D, inputs: tf.Tensor, record: TokenRecorder): tf.Tensor2D {
  const key = (part?: BertLayerPart) => bertLayerKey(i, part);
  const [batch, , length] = inputs.shape;
  const [q, k, v] = (['query', 'key', 'value'] as const).map((part) => {
    const projected = linearModule(params, key(`attention.self.${part}`), x);
    record.tokens([key(`attention.self.${part}`)], projected);
    return projected;
  });
  const { context, probs } = maskedAttention(q, k, v, keyBias(inputs), { batch, length, heads: config.numHeads, headSize: headSize(config) });
  record.output([key('attention.self.dropout')], tf.reshape(probs, [batch * config.numHeads * length, length]));
  record.tokens([key('attention.self')], context);
  const attended = linearModule(params, key('attention.output.dense'), context);
  record.tokens([key('attention.output.dense')], attended);
  const afterAttention = layerNormModule(params, key('attention.output.LayerNorm'), tf.add(attended, x) as tf.Tensor2D, config.layerNormEps);
  record.tokens([key('attention.output.LayerNorm'), key('attention.output'), key('attention')], afterAttention);

  const hidden = linearModule(params, key('intermediate.dense'), afterAttention);
  const activated = activate(config.hiddenAct, hidden);
  record.tokens([key('intermediate.dense')], record.preActivation ? hidden : activated);
  record.tokens([key('intermediate.intermediate_act_fn'), key('intermediate')], activated);
  const projected = linearModule(params, key('output.dense'), activated);
  record.tokens([key('output.dense')], projected);
  const out = layerNormModule(params, key('output.LayerNorm'), tf.add(projected, afterAttention) as tf.Tensor2D, config.layerNormEps);
  record.tokens([key('output.LayerNorm'), key('output'), key()], out);
  return out;
}

/** The pooler: dense + tanh on each sequence's first token, `[batch, hidden]`. */
function pool(config: BertConfig, params: Params, x: tf.Tensor2D, batch: number, record: TokenRecorder): tf.Tensor2D {
  const length = x.shape[0] / batch;
  const first = tf.reshape(tf.slice(tf.reshape(x, [batch, length, config.hiddenSize]), [0, 0, 0], [batch, 1, config.hiddenSize]), [batch, config.hiddenSize]) as tf.Tensor2D;
  const dense = linearModule(params, BERT_POOLER_DENSE, first);
  record.output([BERT_POOLER_DENSE], dense);
  const pooled = tf.tanh(dense);
  record.output([BERT_POOLER_ACTIVATION, BERT_POOLER], pooled);
  return pooled;
}

/** An output layer on the pooled tokens (`[batch, classes]`) or on every token (`[batch, length, classes]`). */
function outputLayer(config: BertConfig, params: Params, layer: BertOutputLayer, x: tf.Tensor2D, pooled: tf.Tensor2D | undefined, batch: number, record: TokenRecorder): tf.Tensor {
  if (layer.reads === 'pooled') {
    const logits = linearModule(params, layer.module, pooled as tf.Tensor2D);
    record.output([layer.module], logits);
    return logits;
  }
  const logits = linearModule(params, layer.module, x);
  record.tokens([layer.module], logits);
  return tf.reshape(logits, [batch, x.shape[0] / batch, outputClasses(config, layer)]);
}

/** The head's parts on the encoder's output: its masked-LM logits, else its first output layer's, else the pooled output. */
function headOutputs(config: BertConfig, params: Params, x: tf.Tensor2D, wordTable: tf.Tensor | undefined, batch: number, record: TokenRecorder): tf.Tensor {
  const head = bertHead(config);
  const pooled = head.pooler ? pool(config, params, x, batch, record) : undefined;
  const outputs = head.outputs.map((layer) => outputLayer(config, params, layer, x, pooled, batch, record));
  const maskedLm = head.maskedLm ? maskedLmHead(config, params, x, wordTable as tf.Tensor, batch, record) : undefined;
  return maskedLm ?? outputs[0] ?? (pooled as tf.Tensor2D);
}

/** Transform (dense → activation → LayerNorm) and the decoder `wordTable` (tied) plus `cls.predictions.bias`: `[batch, length, vocab]`. */
function maskedLmHead(config: BertConfig, params: Params, x: tf.Tensor2D, wordTable: tf.Tensor, batch: number, record: TokenRecorder): tf.Tensor3D {
  const dense = linearModule(params, MLM_TRANSFORM_DENSE, x);
  record.tokens([MLM_TRANSFORM_DENSE], dense);
  const activated = activate(config.hiddenAct, dense);
  record.tokens([MLM_TRANSFORM_ACT], activated);
  const transformed = layerNormModule(params, MLM_TRANSFORM_LAYERNORM, activated, config.layerNormEps);
  record.tokens([MLM_TRANSFORM_LAYERNORM, MLM_TRANSFORM], transformed);
  const logits = tf.add(tf.matMul(transformed, tf.transpose(wordTable)), params[MLM_BIAS]) as tf.Tensor2D;
  record.tokens([MLM_DECODER, MLM_PREDICTIONS, MLM_HEAD], logits);
  return tf.reshape(logits, [batch, x.shape[0] / batch, config.vocabSize]);
}

/**
 * A HuggingFace BERT's eval forward pass as stages: the embeddings, each encoder block, the head.
 * The first stage takes the packed inputs `[batch, 3, length]` (see `packBertInputs`); between
 * stages the state is the hidden sequence `[batch·length, hidden]` and the inputs (for the padding
 * mask and the token filter), and for a masked LM also the word-embedding table, which the tied
 * decoder in the last stage reads (every parameter is declared by the one stage that loads it).
 * The last stage returns the head's output (see `BERT_HEADS`): masked-LM logits
 * `[batch, length, vocab]`, sequence-classification logits `[batch, labels]`, token-classification
 * or span logits `[batch, length, labels]`, or a base model's pooled output `[batch, hidden]`.
 * Parameters are read under the checkpoint's names (a base model's have no `bert.` prefix).
 * `capture.keys` are the task models' module names (see `bertCaptureKeys`); token rows follow
 * `capture.options.seq_filter` and `seed`, and `pre_relu: false` records `intermediate.dense`
 * after the activation (see `parseCaptureOptions`).
 */
export function bertStages(config: BertConfig, capture?: CaptureRequest): ForwardStage[] {
  const wanted = new Set(capture?.keys ?? []);
  const keys = bertStageKeys(config);
  keys.check(wanted, BERT_ARCHITECTURES[config.head]);
  const options = parseCaptureOptions(capture?.options);
  const table = bertParameters(config);
  const stored = bertStoredName(config);
  const word = bertParam(BERT_WORD_EMBEDDINGS, 'weight');
  const recording = recordingStages(wanted, (state) => {
    // The inputs are the first stage's whole state and the second tensor of every later one.
    const inputs = state.length === 1 ? state[0] : state[1];
    let host: HostInputs | undefined;
    return new TokenRecorder(wanted, options, () => (host ??= readInputs(config, inputs)));
  });
  // A stage loads the parameters of `modules` under the checkpoint's names and reads them under the module names.
  const stage = (id: string, modules: string[], stageKeys: readonly string[], run: RecordingRun<TokenRecorder>) => {
    const names = table.namesUnder(modules);
    return recording(id, names.map(stored), stageKeys, (params, state, record) => run(byPluginName(params, names, stored), state, record));
  };
  const head = bertHead(config);
  return [
    stage(BERT_EMBEDDINGS, [BERT_EMBEDDINGS], keys.embeddings, (params, [inputs], record) => {
      readInputs(config, inputs);
      const x = embeddings(config, params, inputs, record);
      // The tied decoder reads the table in the last stage: it travels with the state, as a view
      // of the loaded table (a reshape shares the data; tf.clone copies it on wasm, once per batch).
      return head.maskedLm ? [x, inputs, tf.reshape(params[word], params[word].shape)] : [x, inputs];
    }),
    ...keys.layers.map((layerKeys, i) =>
      stage(bertLayerKey(i), [bertLayerKey(i)], layerKeys, (params, [x, inputs, ...rest], record) => [encoderBlock(config, params, i, x as tf.Tensor2D, inputs, record), inputs, ...rest]),
    ),
    stage('head', headModules(config), keys.head, (params, [x, inputs, wordTable], record) => {
      record.tokens([BERT_ENCODER], x as tf.Tensor2D);
      return [headOutputs(config, params, x as tf.Tensor2D, wordTable, inputs.shape[0], record)];
    }),
  ];
}

/** The modules whose parameters the head stage loads. */
function headModules(config: BertConfig): string[] {
  const head = bertHead(config);
  return [...(head.pooler ? [BERT_POOLER] : []), ...(head.maskedLm ? [MLM_HEAD] : []), ...head.outputs.map((layer) => layer.module)];
}

/**
 * The whole forward pass (`bertStages` in one go) on packed inputs `[batch, 3, length]`.
 * Differentiable in `params` (tf.Variables work); captured activations are the caller's.
 */
export function bertForward(config: BertConfig, params: Params, inputs: tf.Tensor, capture?: CaptureRequest): ForwardResult {
  checkBertParams(config, params);
  return runStages(bertStages(config, capture), params, inputs);
}
