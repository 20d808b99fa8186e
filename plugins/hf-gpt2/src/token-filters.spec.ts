import { useTestBackend } from '@otfuse/testing';
import { keptTokenRows, packDecoderInputs } from '@otfuse/core';
import { parseGpt2CaptureOptions } from './capture';
import { normalizeGpt2Config } from './config';
import { readGpt2Inputs } from './inputs';

const config = normalizeGpt2Config({ model_type: 'gpt2', architectures: ['GPT2LMHeadModel'], vocab_size: 50, n_embd: 8, n_head: 2, n_layer: 1, n_positions: 16 });

describe('GPT-2 inputs and token filters', () => {
  beforeAll(useTestBackend);

  it('parses the capture options, naming a bad one', () => {
    expect(parseGpt2CaptureOptions(undefined)).toEqual({ filter: { keep: 'non_padding' }, preActivation: true });
    expect(parseGpt2CaptureOptions({ seq_filter: 'all_positions', pre_relu: false })).toEqual({ filter: { keep: 'all_positions' }, preActivation: false });
    expect(parseGpt2CaptureOptions({ seq_filter: 'sample_4', sample_seed: 2 })).toEqual({ filter: { keep: 'sample', perSequence: 4, seed: 2 }, preActivation: true });
    expect(() => parseGpt2CaptureOptions({ seq_filter: 'only_cls' })).toThrow("seq_filter: expected 'none', 'all_positions' or 'sample_<k>' (k ≥ 1), got \"only_cls\"");
    expect(() => parseGpt2CaptureOptions({ pre_relu: 1 })).toThrow('pre_relu: expected true or false, got 1');
  });

  it('keeps every real position by default (padding anywhere), every position with all_positions', () => {
    const x = packDecoderInputs({ inputIds: [5, 6, 7, 0, 0, 8, 9, 4], attentionMask: [1, 1, 1, 0, 0, 1, 1, 1] }, 2, 4);
    const inputs = readGpt2Inputs(config, x);
    x.dispose();
    expect([...keptTokenRows({ keep: 'non_padding' }, inputs)]).toEqual([0, 1, 2, 5, 6, 7]);
    expect([...keptTokenRows({ keep: 'all_positions' }, inputs)]).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('packs a mask of ones by default and checks the inputs, naming the row and the position', () => {
    const x = packDecoderInputs({ inputIds: [2, 7, 3] }, 1, 3);
    expect(x.shape).toEqual([1, 2, 3]);
    expect(Array.from(x.dataSync())).toEqual([2, 7, 3, 1, 1, 1]);
    x.dispose();
    const bad = (ids: number[], mask = [1, 1, 1]) => () => {
      const t = packDecoderInputs({ inputIds: ids, attentionMask: mask }, 1, 3);
      try {
        readGpt2Inputs(config, t);
      } finally {
        t.dispose();
      }
    };
    expect(bad([2, 50, 3])).toThrow('GPT-2 inputs › input_ids[0, 1]: 50 is out of range; expected an integer in [0, 50)');
    expect(bad([2, 4, 3], [1, 1, 2])).toThrow('GPT-2 inputs › attention_mask[0, 2]: 2 is out of range; expected an integer in [0, 2)');
    expect(() => packDecoderInputs({ inputIds: [1, 2] }, 1, 3)).toThrow('input_ids: expected 1 × 3 = 3 values, got 2');
    const long = packDecoderInputs({ inputIds: new Array(17).fill(1) }, 1, 17);
    expect(() => readGpt2Inputs(config, long)).toThrow('GPT-2 inputs: sequences of length 17 exceed n_positions (16)');
    long.dispose();
  });
});
