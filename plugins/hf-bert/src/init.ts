import { HostTensor } from '@otfuse/core';
import { SeededRandom } from '@otfuse/extension';
import { BertConfig } from './config';
import { BERT_WORD_EMBEDDINGS, bertParam } from './names';
import { bertParameterShapes } from './parameters';

const LAYER_NORM_WEIGHT = /LayerNorm\.weight$/;
/** Biases (LayerNorm shifts and the masked-LM decoder's `cls.predictions.bias` included) start at zero. */
const ZERO = /\.bias$/;

/**
 * Seeded parameters drawn as HuggingFace's `BertPreTrainedModel._init_weights` draws them:
 * linear weights and embedding tables from N(0, initializer_range²), the padding token's
 * word-embedding row zero (`padding_idx`), biases 0, LayerNorm weights 1. Drawn in
 * `named_parameters()` order: one seed, one model.
 */
export function initBert(config: BertConfig, seed: number): Record<string, HostTensor> {
  const random = new SeededRandom(seed);
  const params: Record<string, HostTensor> = {};
  for (const [name, shape] of bertParameterShapes(config)) {
    const size = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    if (LAYER_NORM_WEIGHT.test(name)) data.fill(1);
    else if (!ZERO.test(name)) for (let j = 0; j < size; j++) data[j] = random.nextNormal() * config.initializerRange;
    if (name === bertParam(BERT_WORD_EMBEDDINGS, 'weight')) data.fill(0, config.padTokenId * config.hiddenSize, (config.padTokenId + 1) * config.hiddenSize);
    params[name] = { shape: [...shape], data };
  }
  return params;
}
