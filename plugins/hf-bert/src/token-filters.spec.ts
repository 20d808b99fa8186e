import { BertConfig, normalizeBertConfig } from './config';
import { packBertInputs, readInputs } from './inputs';
import { keptRows, parseTokenFilter, sequenceSeed } from './token-filters';
import { parseCaptureOptions } from './capture-options';
import { useTestBackend } from '@otfuse/testing';

const config: BertConfig = normalizeBertConfig({ model_type: 'bert', architectures: ['BertForMaskedLM'], vocab_size: 50, hidden_size: 8, num_attention_heads: 2, max_position_embeddings: 16 });

/** Three sequences of 6 positions with 6, 4 and 2 real tokens. */
const host = (ids = [2, 5, 6, 7, 8, 9, 2, 11, 12, 13, 0, 0, 2, 14, 0, 0, 0, 0]) => {
  const mask = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0];
  const x = packBertInputs({ inputIds: ids, attentionMask: mask }, 3, 6);
  try {
    return readInputs(config, x);
  } finally {
    x.dispose();
  }
};

describe('text token filters', () => {
  beforeAll(useTestBackend);

  it('parses every form and rejects others, naming the option', () => {
    expect(parseTokenFilter(undefined)).toEqual({ kind: 'non_padding' });
    expect(parseTokenFilter('none')).toEqual({ kind: 'non_padding' });
    expect(parseTokenFilter('only_cls')).toEqual({ kind: 'only_cls' });
    expect(parseTokenFilter('sample_4')).toEqual({ kind: 'sample', count: 4 });
    expect(parseTokenFilter('all_positions')).toEqual({ kind: 'all_positions' });
    expect(() => parseTokenFilter('sample_0')).toThrow("seq_filter: expected one of 'none' (or absent: every non-padding token), 'only_cls', 'sample_<k>', 'all_positions', got \"sample_0\"");
    expect(() => parseTokenFilter('window_6')).toThrow('seq_filter: expected one of');
    expect(parseCaptureOptions({ seq_filter: 'sample_2', seed: 3, pre_relu: false })).toEqual({ filter: { kind: 'sample', count: 2 }, seed: 3, preActivation: false });
    expect(parseCaptureOptions(undefined)).toEqual({ filter: { kind: 'non_padding' }, seed: 0, preActivation: true });
    expect(() => parseCaptureOptions({ seed: 1.5 })).toThrow('seed: expected an integer, got 1.5');
  });

  it('keeps every real token by default, the first token with only_cls, everything with all_positions', () => {
    const inputs = host();
    expect([...keptRows({ kind: 'non_padding' }, inputs, 0)]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13]);
    expect([...keptRows({ kind: 'only_cls' }, inputs, 0)]).toEqual([0, 6, 12]);
    expect([...keptRows({ kind: 'all_positions' }, inputs, 0)]).toEqual(Array.from({ length: 18 }, (_, i) => i));
  });

  it('samples k real positions per sequence in order, never padding, all of a shorter sequence', () => {
    const inputs = host();
    const rows = [...keptRows({ kind: 'sample', count: 3 }, inputs, 11)];
    const perSequence = [0, 1, 2].map((s) => rows.filter((r) => Math.floor(r / 6) === s));
    expect(perSequence.map((r) => r.length)).toEqual([3, 3, 2]);
    expect(perSequence[1].every((r) => r >= 6 && r <= 9)).toBe(true);
    expect(perSequence[2]).toEqual([12, 13]);
    perSequence.forEach((r) => expect(r).toEqual([...r].sort((a, b) => a - b)));
    expect(new Set(rows).size).toBe(rows.length);
  });

  it('draws from the seed and the sequence alone: the same positions in any batch, others for another seed', () => {
    const inputs = host();
    const all = [...keptRows({ kind: 'sample', count: 3 }, inputs, 11)];
    // The first sequence alone, as a batch of its own, draws the positions it drew among three.
    const alone = host([2, 5, 6, 7, 8, 9, 2, 5, 6, 7, 8, 9, 2, 5, 6, 7, 8, 9]);
    expect([...keptRows({ kind: 'sample', count: 3 }, alone, 11)].slice(0, 3)).toEqual(all.slice(0, 3));
    expect(sequenceSeed(11, inputs, 0)).toBe(sequenceSeed(11, alone, 0));
    expect(sequenceSeed(11, inputs, 0)).not.toBe(sequenceSeed(12, inputs, 0));
    const seeds = Array.from({ length: 8 }, (_, seed) => keptRows({ kind: 'sample', count: 3 }, inputs, seed).slice(0, 3).join());
    expect(new Set(seeds).size).toBeGreaterThan(1);
  });

  it('checks the packed inputs, naming the row and the position', () => {
    const bad = (ids: number[], mask = [1, 1, 1], types = [0, 0, 0]) => () => {
      const x = packBertInputs({ inputIds: ids, attentionMask: mask, tokenTypeIds: types }, 1, 3);
      try {
        readInputs(config, x);
      } finally {
        x.dispose();
      }
    };
    expect(bad([2, 50, 3])).toThrow('BERT inputs › input_ids[0, 1]: 50 is out of range; expected an integer in [0, 50)');
    expect(bad([2, 4, 3], [1, 2, 0])).toThrow('BERT inputs › attention_mask[0, 1]: 2 is out of range; expected an integer in [0, 2)');
    expect(bad([2, 4, 3], [1, 1, 1], [0, 0, 2])).toThrow('BERT inputs › token_type_ids[0, 2]: 2 is out of range; expected an integer in [0, 2)');
    expect(() => packBertInputs({ inputIds: [1, 2] }, 1, 3)).toThrow('input_ids: expected 1 × 3 = 3 values, got 2');
    const long = packBertInputs({ inputIds: new Array(17).fill(1) }, 1, 17);
    expect(() => readInputs(config, long)).toThrow('BERT inputs: sequences of length 17 exceed max_position_embeddings (16)');
    long.dispose();
  });

  it('packs defaults as HuggingFace does: mask all ones, token types zero', () => {
    const x = packBertInputs({ inputIds: [2, 7, 3] }, 1, 3);
    expect(x.shape).toEqual([1, 3, 3]);
    expect(Array.from(x.dataSync())).toEqual([2, 7, 3, 1, 1, 1, 0, 0, 0]);
    x.dispose();
  });
});
