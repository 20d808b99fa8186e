import { ParameterTable } from './parameter-table';

const table = new ParameterTable()
  .embedding('cls_token', [1, 1, 4])
  .conv('patch', 4, 3, 2, true)
  .layerNorm('block.norm', 4)
  .linear('block.dense', 6, 4)
  .linear('flat', 5, [4, 2, 2], false)
  .batchNorm('bn', 4);

describe('ParameterTable', () => {
  it('lists every tensor with its shape in declaration order', () => {
    expect([...table.shapes()]).toEqual([
      ['cls_token', [1, 1, 4]],
      ['patch.weight', [4, 3, 2, 2]],
      ['patch.bias', [4]],
      ['block.norm.weight', [4]],
      ['block.norm.bias', [4]],
      ['block.dense.weight', [6, 4]],
      ['block.dense.bias', [6]],
      ['flat.weight', [5, 4, 2, 2]],
      ['bn.weight', [4]],
      ['bn.bias', [4]],
      ['bn.running_mean', [4]],
      ['bn.running_var', [4]],
      ['bn.num_batches_tracked', []],
    ]);
  });

  it('knows what each tensor is and the fan-in of weights and their biases', () => {
    const entries = new Map(table);
    expect(entries.get('patch.weight')).toEqual({ shape: [4, 3, 2, 2], kind: 'conv', fanIn: 12 });
    expect(entries.get('patch.bias')).toEqual({ shape: [4], kind: 'conv-bias', fanIn: 12 });
    expect(entries.get('flat.weight')).toEqual({ shape: [5, 4, 2, 2], kind: 'linear', fanIn: 16 });
    expect(entries.get('block.norm.weight')?.kind).toBe('norm-scale');
    expect(entries.get('bn.num_batches_tracked')?.kind).toBe('batch-count');
  });

  it('names the parameters of modules and of the modules inside them', () => {
    expect(table.namesUnder(['block'])).toEqual(['block.norm.weight', 'block.norm.bias', 'block.dense.weight', 'block.dense.bias']);
    expect(table.namesUnder(['patch', 'bn.running_var'])).toEqual(['patch.weight', 'patch.bias']);
  });
});
