import type * as tf from '@tensorflow/tfjs';
import { type DecoderInputs, readDecoderInputs } from '@otfuse/core';
import { Gpt2Config } from './config';

/** Reads and checks GPT-2's packed inputs (`packDecoderInputs`) against the config. */
export function readGpt2Inputs(config: Gpt2Config, inputs: tf.Tensor): DecoderInputs {
  return readDecoderInputs(inputs, { model: 'GPT-2', vocabSize: config.vocabSize, maxPositions: config.maxPositions, positionsKey: 'n_positions' });
}
