import * as tf from '@tensorflow/tfjs';
import { CaptureRequest, type DecoderInputs, ForwardResult, ForwardStage, Params, checkParameters, linearModule, parseCausalTokenFilter, recordingStages, runStages } from '@otfuse/core';
import { TokenRecorder } from './capture';
import { LlamaConfig } from './config';
import { readInputs } from './inputs';
import { causalPaddingBias, rmsNorm, ropeAttention, ropeTables, silu } from './layers';
import { LLAMA_EMBED_TOKENS, LLAMA_LM_HEAD, LLAMA_NORM, LlamaLayerPart, llamaLayerKey, llamaStageKeys } from './names';
import { llamaParameterShapes, llamaParameters } from './parameters';

/** Row `r` of the packed inputs `[batch, 2, length]` as `[batch, length]`. */
function inputRow(inputs: tf.Tensor, row: number): tf.Tensor2D {
  const [batch, , length] = inputs.shape;
  return tf.reshape(tf.slice(inputs, [0, row, 0], [batch, 1, length]), [batch, length]);
}

/** One pre-norm decoder block on `x [batch·length, hidden]`. */
function decoderBlock(config: LlamaConfig, params: Params, i: number, x: tf.Tensor2D, inputs: tf.Tensor, record: TokenRecorder): tf.Tensor2D {
  const key = (part?: LlamaLayerPart) => llamaLayerKey(i, part);
  const [batch, , length] = inputs.shape;
  const linear = (part: LlamaLayerPart, input: tf.Tensor2D, bias: boolean) => {
    const out = linearModule(params, key(part), input, bias);
    record.tokens([key(part)], out);
    return out;
  };
  const normed = rmsNorm(x, params[`${key('input_layernorm')}.weight`], config.rmsNormEps);
  record.tokens([key('input_layernorm')], normed);
  const [q, k, v] = (['self_attn.q_proj', 'self_attn.k_proj', 'self_attn.v_proj'] as const).map((part) => linear(part, normed, config.qkvBias));
  const { cos, sin } = ropeTables(length, config.headDim, config.ropeTheta);
  const tables = [tf.tensor2d(cos, [length, config.headDim]), tf.tensor2d(sin, [length, config.headDim])];
  const bias = causalPaddingBias(inputRow(inputs, 1), length);
  const context = ropeAttention(q, k, v, bias, tables[0], tables[1], { batch, length, heads: config.numHeads, kvHeads: config.numKvHeads, headDim: config.headDim });
  const attended = linear('self_attn.o_proj', context, config.oBias);
  record.tokens([key('self_attn')], attended);
  const afterAttention = tf.add(x, attended) as tf.Tensor2D;
  record.tokens([key('self_attn.residual')], afterAttention);
  const postNormed = rmsNorm(afterAttention, params[`${key('post_attention_layernorm')}.weight`], config.rmsNormEps);
  record.tokens([key('post_attention_layernorm')], postNormed);
  const gate = linear('mlp.gate_proj', postNormed, config.mlpBias);
  const up = linear('mlp.up_proj', postNormed, config.mlpBias);
  const hidden = tf.mul(silu(gate), up) as tf.Tensor2D;
  record.tokens([key('mlp.hidden')], hidden);
  const down = linear('mlp.down_proj', hidden, config.mlpBias);
  record.tokens([key('mlp')], down);
  const out = tf.add(afterAttention, down) as tf.Tensor2D;
  record.tokens([key()], out);
  return out;
}

/**
 * HuggingFace `LlamaForCausalLM`'s eval forward pass as stages: the token embeddings, each
 * decoder block, the final RMSNorm with `lm_head` (or the embedding table, when tied). The first
 * stage takes the packed inputs `[batch, 2, length]` (see `packDecoderInputs`); positions are
 * `0 … length − 1` and a query reads the real keys at or before it. Between stages the state is
 * the hidden sequence `[batch·length, hidden]` and the inputs, plus the embedding table for a tied
 * head. The logits are `[batch, length, vocab]`. `capture.keys` are module names (see
 * `llamaCaptureKeys`), recorded on the token rows `seq_filter` keeps (by default every real token).
 */
export function llamaStages(config: LlamaConfig, capture?: CaptureRequest): ForwardStage[] {
  const wanted = new Set(capture?.keys ?? []);
  const keys = llamaStageKeys(config);
  keys.check(wanted, 'LlamaForCausalLM');
  const filter = parseCausalTokenFilter(capture?.options);
  const table = llamaParameters(config);
  const embeddings = `${LLAMA_EMBED_TOKENS}.weight`;
  const stage = recordingStages(wanted, (state) => {
    const inputs = state.length === 1 ? state[0] : state[1];
    let host: DecoderInputs | undefined;
    return new TokenRecorder(wanted, filter, () => (host ??= readInputs(config, inputs)));
  });
  const tied = config.tieWordEmbeddings;
  return [
    stage(LLAMA_EMBED_TOKENS, table.namesUnder([LLAMA_EMBED_TOKENS]), keys.embeddings, (params, [inputs], record) => {
      readInputs(config, inputs);
      const [batch, , length] = inputs.shape;
      const x = tf.gather(params[embeddings], tf.reshape(tf.cast(inputRow(inputs, 0), 'int32'), [batch * length])) as tf.Tensor2D;
      record.tokens([LLAMA_EMBED_TOKENS], x);
      return tied ? [x, inputs, tf.reshape(params[embeddings], params[embeddings].shape)] : [x, inputs];
    }),
    ...keys.layers.map((layerKeys, i) =>
      stage(llamaLayerKey(i), table.namesUnder([llamaLayerKey(i)]), layerKeys, (params, [x, inputs, ...rest], record) => [
        decoderBlock(config, params, i, x as tf.Tensor2D, inputs, record),
        inputs,
        ...rest,
      ]),
    ),
    stage('head', table.namesUnder(tied ? [LLAMA_NORM] : [LLAMA_NORM, LLAMA_LM_HEAD]), keys.head, (params, [x, inputs, wordTable], record) => {
      const [batch, , length] = inputs.shape;
      const normed = rmsNorm(x as tf.Tensor2D, params[`${LLAMA_NORM}.weight`], config.rmsNormEps);
      record.tokens([LLAMA_NORM], normed);
      const logits = tied ? (tf.matMul(normed, wordTable, false, true) as tf.Tensor2D) : linearModule(params, LLAMA_LM_HEAD, normed, false);
      record.tokens([LLAMA_LM_HEAD], logits);
      return [tf.reshape(logits, [batch, length, config.vocabSize])];
    }),
  ];
}

/** The whole forward pass on packed inputs `[batch, 2, length]`: logits `[batch, length, vocab]`. Differentiable in `params`. */
export function llamaForward(config: LlamaConfig, params: Params, inputs: tf.Tensor, capture?: CaptureRequest): ForwardResult {
  checkParameters(llamaParameterShapes(config), params);
  return runStages(llamaStages(config, capture), params, inputs);
}
