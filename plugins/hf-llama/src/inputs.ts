import type * as tf from '@tensorflow/tfjs';
import { type DecoderInputs, readDecoderInputs } from '@otfuse/core';
import { LlamaConfig } from './config';

/** Reads and checks a Llama's packed inputs (`packDecoderInputs`) against the config. */
export function readInputs(config: LlamaConfig, inputs: tf.Tensor): DecoderInputs {
  return readDecoderInputs(inputs, { model: 'Llama', vocabSize: config.vocabSize, maxPositions: config.maxPositions, positionsKey: 'max_position_embeddings' });
}
