import { HostTensor, ParameterTable, Params, checkParameters, hfTransformerDraws, initParameters } from '@otfuse/core';
import { Gpt2Config, innerSize } from './config';
import { GPT2_LN_F, GPT2_WPE, GPT2_WTE, gpt2BlockKey, gpt2Param } from './names';

/** `transformers`' `Conv1D(out, in)`: `<module>.weight [in, out]` (the transpose of `nn.Linear`'s) and `<module>.bias [out]`. */
function conv1d(table: ParameterTable, module: string, out: number, inputs: number): ParameterTable {
  return table.add(gpt2Param(module, 'weight'), [inputs, out], 'linear', inputs).add(gpt2Param(module, 'bias'), [out], 'linear-bias', inputs);
}

/**
 * Every stored parameter, in the order of PyTorch's `named_parameters()`: the shapes, the
 * initial draws and each stage's parameters derive from it. `lm_head.weight` is
 * `transformer.wte.weight` (tied), stored once as `transformers` stores it.
 */
export function gpt2Parameters(config: Gpt2Config): ParameterTable {
  const { hiddenSize: h } = config;
  const table = new ParameterTable().embedding(gpt2Param(GPT2_WTE, 'weight'), [config.vocabSize, h]).embedding(gpt2Param(GPT2_WPE, 'weight'), [config.maxPositions, h]);
  for (let i = 0; i < config.numLayers; i++) {
    table.layerNorm(gpt2BlockKey(i, 'ln_1'), h);
    conv1d(table, gpt2BlockKey(i, 'attn.c_attn'), 3 * h, h);
    conv1d(table, gpt2BlockKey(i, 'attn.c_proj'), h, h);
    table.layerNorm(gpt2BlockKey(i, 'ln_2'), h);
    conv1d(table, gpt2BlockKey(i, 'mlp.c_fc'), innerSize(config), h);
    conv1d(table, gpt2BlockKey(i, 'mlp.c_proj'), h, innerSize(config));
  }
  return table.layerNorm(GPT2_LN_F, h);
}

export const gpt2ParameterShapes = (config: Gpt2Config) => gpt2Parameters(config).shapes();

/** Throws BAD_WEIGHTS naming the first missing or mis-shaped parameter. */
export const checkGpt2Params = (config: Gpt2Config, params: Params) => checkParameters(gpt2ParameterShapes(config), params);

/**
 * Seeded parameters drawn as `GPT2PreTrainedModel._init_weights` draws them: Conv1D weights and
 * both embedding tables from N(0, initializer_range²), biases 0, LayerNorm weights 1, and the
 * residual projections (`attn.c_proj`, `mlp.c_proj`) from N(0, (initializer_range / √(2·n_layer))²).
 * Drawn in `named_parameters()` order: one seed, one model.
 */
export function initGpt2(config: Gpt2Config, seed: number): Record<string, HostTensor> {
  const params = initParameters(gpt2Parameters(config), seed, hfTransformerDraws(config.initializerRange));
  const scale = 1 / Math.sqrt(2 * config.numLayers);
  for (let i = 0; i < config.numLayers; i++) {
    for (const part of ['attn.c_proj', 'mlp.c_proj'] as const) {
      const data = params[gpt2Param(gpt2BlockKey(i, part), 'weight')].data;
      for (let j = 0; j < data.length; j++) data[j] *= scale;
    }
  }
  return params;
}
