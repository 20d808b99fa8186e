import { HostTensor } from '@otfuse/core';
import { SeededRandom } from '@otfuse/data';
import { HfBertConfig } from './config';
import { HF_BERT_PARAMS } from './graph';

/** Every parameter's shape, in checkpoint order. */
export function hfBertParameterShapes(config: HfBertConfig): Map<string, number[]> {
  const { inputSize, hiddenSize, numLabels } = config;
  return new Map([
    [HF_BERT_PARAMS.hiddenWeight, [hiddenSize, inputSize]],
    [HF_BERT_PARAMS.hiddenBias, [hiddenSize]],
    [HF_BERT_PARAMS.headWeight, [numLabels, hiddenSize]],
    [HF_BERT_PARAMS.headBias, [numLabels]],
  ]);
}

/** Seeded parameters, uniform in ±1/√fan_in like PyTorch's `nn.Linear` default. */
export function initHfBert(config: HfBertConfig, seed: number): Record<string, HostTensor> {
  const random = new SeededRandom(seed);
  const uniform = (n: number, fanIn: number) => Float32Array.from({ length: n }, () => (2 * random.nextFloat() - 1) / Math.sqrt(fanIn));
  const { inputSize, hiddenSize, numLabels } = config;
  return {
    [HF_BERT_PARAMS.hiddenWeight]: { shape: [hiddenSize, inputSize], data: uniform(hiddenSize * inputSize, inputSize) },
    [HF_BERT_PARAMS.hiddenBias]: { shape: [hiddenSize], data: uniform(hiddenSize, inputSize) },
    [HF_BERT_PARAMS.headWeight]: { shape: [numLabels, hiddenSize], data: uniform(numLabels * hiddenSize, hiddenSize) },
    [HF_BERT_PARAMS.headBias]: { shape: [numLabels], data: uniform(numLabels, hiddenSize) },
  };
}
