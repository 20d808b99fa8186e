import * as tf from '@tensorflow/tfjs';
import { CaptureRequest, type DecoderInputs, ForwardResult, ForwardStage, Params, activate, layerNormModule, recordingStages, runStages } from '@otfuse/core';
import { Gpt2TokenRecorder, gpt2StageKeys, parseGpt2CaptureOptions } from './capture';
import { GPT2_ARCHITECTURE, Gpt2Config, headSize } from './config';
import { readGpt2Inputs } from './inputs';
import { GPT2_EMBEDDINGS, GPT2_LM_HEAD, GPT2_LN_F, GPT2_TRANSFORMER, GPT2_WPE, GPT2_WTE, Gpt2BlockPart, gpt2BlockKey, gpt2Param } from './names';
import { checkGpt2Params, gpt2Parameters } from './parameters';

/** PyTorch's float32 minimum: `transformers` gives masked scores `finfo(float32).min`. */
export const FLOAT32_MIN = -3.4028234663852886e38;

/** `transformers`' `Conv1D`: `x · W + b` with `W [in, out]` as stored. */
function conv1d(params: Params, module: string, x: tf.Tensor2D): tf.Tensor2D {
  return tf.add(tf.matMul(x, params[gpt2Param(module, 'weight')]), params[gpt2Param(module, 'bias')]) as tf.Tensor2D;
}

/**
 * The additive score mask `[batch, 1, length, length]`: 0 where query t may attend key u (u ≤ t
 * and u a real token), float32 min elsewhere, as `transformers` builds it from the causal
 * structure and the attention mask (positions are never shifted by padding).
 */
function scoreBias(inputs: tf.Tensor): tf.Tensor4D {
  const [batch, , length] = inputs.shape;
  return tf.tidy(() => {
    const positions = tf.range(0, length, 1, 'int32');
    const causal = tf.greaterEqual(tf.reshape(positions, [1, 1, length, 1]), tf.reshape(positions, [1, 1, 1, length]));
    const keys = tf.reshape(tf.greater(tf.slice(inputs, [0, 1, 0], [batch, 1, length]), 0), [batch, 1, 1, length]);
    return tf.mul(tf.sub(1, tf.cast(tf.logicalAnd(causal, keys), 'float32')), FLOAT32_MIN) as tf.Tensor4D;
  });
}

/** Token embeddings plus position embeddings (`hidden_states[0]`), `[batch·length, hidden]`. */
function embeddings(config: Gpt2Config, params: Params, inputs: tf.Tensor, record: Gpt2TokenRecorder): tf.Tensor2D {
  const [batch, , length] = inputs.shape;
  const h = config.hiddenSize;
  const ids = tf.reshape(tf.cast(tf.slice(inputs, [0, 0, 0], [batch, 1, length]), 'int32'), [batch * length]);
  const word = tf.gather(params[gpt2Param(GPT2_WTE, 'weight')], ids) as tf.Tensor2D;
  const positionTable = tf.slice(params[gpt2Param(GPT2_WPE, 'weight')], [0, 0], [length, h]);
  const position = tf.reshape(tf.tile(tf.expandDims(positionTable, 0), [batch, 1, 1]), [batch * length, h]) as tf.Tensor2D;
  record.tokens([GPT2_WTE], word);
  record.tokens([GPT2_WPE], position);
  const out = tf.add(word, position) as tf.Tensor2D;
  record.tokens([GPT2_EMBEDDINGS], out);
  return out;
}

/** Causal multi-head attention on `x [batch·length, hidden]` (after `ln_1`): `c_attn`, the scores, `c_proj`. */
function attention(config: Gpt2Config, params: Params, i: number, x: tf.Tensor2D, bias: tf.Tensor4D, batch: number, record: Gpt2TokenRecorder): tf.Tensor2D {
  const key = (part: Gpt2BlockPart) => gpt2BlockKey(i, part);
  const { hiddenSize: h, numHeads: heads } = config;
  const d = headSize(config);
  const length = x.shape[0] / batch;
  const qkv = conv1d(params, key('attn.c_attn'), x);
  record.tokens([key('attn.c_attn')], qkv);
  const [q, k, v] = tf.split(qkv, [h, h, h], 1) as tf.Tensor2D[];
  record.tokens([key('attn.c_attn.query')], q);
  record.tokens([key('attn.c_attn.key')], k);
  record.tokens([key('attn.c_attn.value')], v);
  const split = (t: tf.Tensor2D) => tf.transpose(tf.reshape(t, [batch, length, heads, d]), [0, 2, 1, 3]);
  let scores = tf.matMul(split(q), split(k), false, true);
  // `transformers` divides by a scalar tensor √d (a product by d^-½ rounds differently).
  if (config.scaleAttnWeights) scores = tf.div(scores, Math.sqrt(d));
  const probs = tf.softmax(tf.add(scores, bias)) as tf.Tensor4D;
  record.output([key('attn.attn_dropout')], probs, (p) => tf.reshape(p, [batch * heads * length, length]));
  const context = tf.reshape(tf.transpose(tf.matMul(probs, split(v)), [0, 2, 1, 3]), [batch * length, h]) as tf.Tensor2D;
  const out = conv1d(params, key('attn.c_proj'), context);
  record.tokens([key('attn.c_proj'), key('attn')], out);
  return out;
}

/** One pre-LN block: `x + attn(ln_1(x))`, then `· + mlp(ln_2(·))`. */
function block(config: Gpt2Config, params: Params, i: number, x: tf.Tensor2D, inputs: tf.Tensor, record: Gpt2TokenRecorder): tf.Tensor2D {
  const key = (part: Gpt2BlockPart) => gpt2BlockKey(i, part);
  const batch = inputs.shape[0];
  const normed = layerNormModule(params, key('ln_1'), x, config.layerNormEps);
  record.tokens([key('ln_1')], normed);
  const attended = attention(config, params, i, normed, scoreBias(inputs), batch, record);
  const afterAttention = tf.add(attended, x) as tf.Tensor2D;
  const normed2 = layerNormModule(params, key('ln_2'), afterAttention, config.layerNormEps);
  record.tokens([key('ln_2')], normed2);
  const hidden = conv1d(params, key('mlp.c_fc'), normed2);
  const activated = activate(config.activation, hidden);
  record.tokens([key('mlp.c_fc')], record.preActivation ? hidden : activated);
  record.tokens([key('mlp.act')], activated);
  const projected = conv1d(params, key('mlp.c_proj'), activated);
  record.tokens([key('mlp.c_proj'), key('mlp')], projected);
  const out = tf.add(afterAttention, projected) as tf.Tensor2D;
  record.tokens([gpt2BlockKey(i)], out);
  return out;
}

/** `ln_f`, then the logits `[batch, length, vocab]` from the tied decoder `wte` (no bias). */
function head(config: Gpt2Config, params: Params, x: tf.Tensor2D, wte: tf.Tensor2D, batch: number, record: Gpt2TokenRecorder): tf.Tensor3D {
  const normed = layerNormModule(params, GPT2_LN_F, x, config.layerNormEps);
  record.tokens([GPT2_LN_F, GPT2_TRANSFORMER], normed);
  const logits = tf.matMul(normed, wte, false, true) as tf.Tensor2D;
  record.tokens([GPT2_LM_HEAD], logits);
  return tf.reshape(logits, [batch, x.shape[0] / batch, config.vocabSize]);
}

/**
 * HuggingFace `GPT2LMHeadModel`'s eval forward pass as stages: the embeddings, each block, then
 * `ln_f` and the tied decoder. The first stage takes the packed inputs `[batch, 2, length]` (see
 * `packDecoderInputs`); between stages the state is the hidden sequence `[batch·length, hidden]`, the
 * inputs (for the causal and padding mask and the token filter) and the `wte` table, which the
 * decoder in the last stage reads (every parameter is declared by the one stage that loads it).
 * The last stage returns logits `[batch, length, vocab]`. `capture.keys` are HuggingFace module
 * names (see `gpt2CaptureKeys`); rows follow `capture.options.seq_filter`, and `pre_relu: false`
 * records `mlp.c_fc` after the activation.
 */
export function gpt2Stages(config: Gpt2Config, capture?: CaptureRequest): ForwardStage[] {
  const wanted = new Set(capture?.keys ?? []);
  const keys = gpt2StageKeys(config);
  keys.check(wanted, GPT2_ARCHITECTURE);
  const options = parseGpt2CaptureOptions(capture?.options);
  const table = gpt2Parameters(config);
  const wte = gpt2Param(GPT2_WTE, 'weight');
  const stage = recordingStages(wanted, (state) => {
    // The inputs are the first stage's whole state and the second tensor of every later one.
    const inputs = state.length === 1 ? state[0] : state[1];
    let host: DecoderInputs | undefined;
    return new Gpt2TokenRecorder(wanted, options, () => (host ??= readGpt2Inputs(config, inputs)));
  });
  return [
    stage(GPT2_EMBEDDINGS, table.namesUnder([GPT2_WTE, GPT2_WPE]), keys.embeddings, (params, [inputs], record) => {
      readGpt2Inputs(config, inputs);
      // The tied decoder reads the table in the last stage: it travels with the state, as a view of the loaded table.
      return [embeddings(config, params, inputs, record), inputs, tf.reshape(params[wte], params[wte].shape)];
    }),
    ...keys.layers.map((layerKeys, i) =>
      stage(gpt2BlockKey(i), table.namesUnder([gpt2BlockKey(i)]), layerKeys, (params, [x, inputs, ...rest], record) => [
        block(config, params, i, x as tf.Tensor2D, inputs, record),
        inputs,
        ...rest,
      ]),
    ),
    stage(GPT2_LM_HEAD, table.namesUnder([GPT2_LN_F]), keys.head, (params, [x, inputs, table], record) => [
      head(config, params, x as tf.Tensor2D, table as tf.Tensor2D, inputs.shape[0], record),
    ]),
  ];
}

/**
 * The whole forward pass (`gpt2Stages` in one go) on packed inputs `[batch, 2, length]`.
 * Differentiable in `params` (tf.Variables work); captured activations are the caller's.
 */
export function gpt2Forward(config: Gpt2Config, params: Params, inputs: tf.Tensor, capture?: CaptureRequest): ForwardResult {
  checkGpt2Params(config, params);
  return runStages(gpt2Stages(config, capture), params, inputs);
}
