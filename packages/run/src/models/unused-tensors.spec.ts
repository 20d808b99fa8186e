import { ArchitecturePlugin } from '@otfuse/core';
import { unusedTensors, unusedTensorsNotice } from './unused-tensors';

const plain = {} as ArchitecturePlugin;
const withPooler = { unusedCheckpointTensors: [/^vit\.pooler\./] } as unknown as ArchitecturePlugin;

describe('tensors a checkpoint holds that are no parameters', () => {
  it('are the buffers transformers stores, whole name parts only, and what the architecture declares', () => {
    const names = [
      'bert.embeddings.position_ids',
      'roberta.embeddings.token_type_ids',
      'transformer.h.11.attn.bias',
      'h.0.attn.masked_bias',
      'transformer.h.0.attn.c_attn.bias',
      'position_ids',
      'encoder.position_ids',
      'vit.pooler.dense.weight',
      'bert.pooler.dense.weight',
    ];
    expect(unusedTensors(names, plain)).toEqual(names.slice(0, 4));
    expect(unusedTensors(names, withPooler)).toEqual([...names.slice(0, 4), 'vit.pooler.dense.weight']);
  });

  it('are named in one line, at most ten of them', () => {
    expect(unusedTensorsNotice('m', ['a', 'b'])).toBe('Some weights of the checkpoint at m were not used: a, b');
    const many = Array.from({ length: 24 }, (_, i) => `h.${i}.attn.bias`);
    expect(unusedTensorsNotice('gpt2', many)).toBe(`Some weights of the checkpoint at gpt2 were not used: ${many.slice(0, 10).join(', ')}, … (24 in all)`);
  });
});
