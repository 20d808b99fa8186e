import * as tf from '@tensorflow/tfjs';
import { packDecoderInputs } from '@otfuse/core';
import { seededFloats } from '@otfuse/testing';
import { LlamaConfig } from '../config';

/**
 * A tiny Llama: 4 query heads over 2 KV heads of size 4, 2 blocks; `wide` has wider hidden and MLP
 * widths and twice the heads of the same size (8 query heads over 4 KV heads), unless overridden.
 */
export function tinyLlama(variant: 'anchor' | 'wide' = 'anchor', overrides: Partial<LlamaConfig> = {}): LlamaConfig {
  const wide = variant === 'wide';
  return {
    modelType: 'llama',
    vocabSize: 24,
    hiddenSize: wide ? 24 : 16,
    intermediateSize: wide ? 40 : 32,
    numLayers: 2,
    numHeads: wide ? 8 : 4,
    numKvHeads: wide ? 4 : 2,
    headDim: 4,
    rmsNormEps: 1e-6,
    ropeTheta: 10000,
    maxPositions: 16,
    tieWordEmbeddings: false,
    qkvBias: false,
    oBias: false,
    mlpBias: false,
    initializerRange: 0.2,
    specialTokens: {},
    ...overrides,
  };
}

/** `count` seeded sequences of 7 tokens; every third one has its last two positions padded. */
export function tinyInputs(config: LlamaConfig, count: number, seed: number): tf.Tensor3D {
  const random = seededFloats(seed);
  const length = 7;
  const ids = Array.from({ length: count * length }, () => Math.floor(random() * config.vocabSize));
  const mask = Array.from({ length: count * length }, (_, i) => (Math.floor(i / length) % 3 === 2 && i % length >= length - 2 ? 0 : 1));
  return packDecoderInputs({ inputIds: ids, attentionMask: mask }, count, length);
}
