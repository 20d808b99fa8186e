import path from 'node:path';
import { readModelFolder } from '@otfuse/io';
import { GOLDEN_DIR } from '../__tests__/temp-folder';
import { createContainer } from '../container';
import { CheckpointWeights } from './checkpoint-weights';
import { loadParents } from './load-parents';

// PyTorch checkpoints laid out as on the hub, written by torch 2.13 from the decoder-tiny goldens
// (see __fixtures__/hub-checkpoints/make-fixtures.py, which checks that transformers reads them).
const FIXTURES = path.join(__dirname, '__fixtures__', 'hub-checkpoints');
const GOLDEN = path.join(GOLDEN_DIR, 'decoder-tiny');

function load(folders: string[], notes: string[] = []) {
  return loadParents({ container: createContainer(), folders, anchor: folders.length - 1, graphOptions: { fuseGenerator: true }, warn: (text) => notes.push(text) });
}

/** Every tensor of a folder's checkpoint, by name. */
function tensorsOf(dir: string): Map<string, Float32Array> {
  const folder = readModelFolder(dir);
  try {
    return new Map([...new CheckpointWeights(folder.weights).all()].map(([name, t]) => [name, t.data]));
  } finally {
    folder.weights.close();
  }
}

describe('checkpoints as the hub stores them', () => {
  it("reads an old GPT-2 pytorch_model.bin (no transformer. prefix, lm_head.weight the tie, mask buffers) as the model it is", () => {
    const notes: string[] = [];
    const dir = path.join(FIXTURES, 'gpt2-old-keys');
    const loaded = load([dir, path.join(GOLDEN, 'gpt2')], notes);
    try {
      const expected = tensorsOf(path.join(GOLDEN, 'gpt2'));
      const weights = loaded.parents[0].weights;
      expect(weights.names().sort()).toEqual([...expected.keys()].sort());
      expect(weights.storedName('transformer.h.0.attn.c_attn.weight')).toBe('h.0.attn.c_attn.weight');
      for (const [name, data] of expected) expect([name, weights.host(name).data]).toEqual([name, data]);
      expect(notes).toEqual([`Some weights of the checkpoint at ${dir} were not used: h.0.attn.bias, h.0.attn.masked_bias, h.1.attn.bias, h.1.attn.masked_bias`]);
    } finally {
      loaded.close();
    }
  });

  it('refuses a stored lm_head.weight that differs from the wte it is tied to, naming both', () => {
    const dir = path.join(FIXTURES, 'gpt2-untied-head');
    expect(() => load([dir])).toThrow(
      `model.name_0 (${dir}): the weights hold 'lm_head.weight', which differs from 'wte.weight'; config.json ties the two (tie_word_embeddings), so they must be equal`,
    );
  });

  it("reads a tied Llama's stored lm_head.weight as the tie and leaves out older transformers' rotary_emb.inv_freq buffers", () => {
    const notes: string[] = [];
    const dir = path.join(FIXTURES, 'llama-tied');
    const loaded = load([dir], notes);
    try {
      const expected = tensorsOf(path.join(GOLDEN, 'llama'));
      expected.delete('lm_head.weight');
      const weights = loaded.parents[0].weights;
      expect(weights.names().sort()).toEqual([...expected.keys()].sort());
      for (const [name, data] of expected) expect([name, weights.host(name).data]).toEqual([name, data]);
      expect(notes).toEqual([`Some weights of the checkpoint at ${dir} were not used: model.layers.0.self_attn.rotary_emb.inv_freq, model.layers.1.self_attn.rotary_emb.inv_freq`]);
    } finally {
      loaded.close();
    }
  });
});
