import { SeededRandom } from '@otfuse/extension';
import { hfTransformerDraws, initParameters } from './parameter-init';
import { ParameterTable } from './parameter-table';

const std = (data: Float32Array) => Math.sqrt(data.reduce((a, v) => a + v * v, 0) / data.length);

describe('initParameters', () => {
  const table = new ParameterTable().linear('dense', 50, 40).conv('conv', 30, 20, 3, true).layerNorm('norm', 8).batchNorm('bn', 3).embedding('table', [100, 30]);

  it("draws PyTorch's defaults, in table order from one generator", () => {
    const params = initParameters(table, 7);
    const random = new SeededRandom(7);
    const first = Array.from({ length: 3 }, () => Math.fround((2 * random.nextFloat() - 1) * (1 / Math.sqrt(40))));
    expect(Array.from(params['dense.weight'].data.slice(0, 3))).toEqual(first);
    expect(Math.max(...params['dense.bias'].data.map(Math.abs))).toBeLessThanOrEqual(1 / Math.sqrt(40));
    expect(params['norm.weight'].data.every((v) => v === 1) && params['norm.bias'].data.every((v) => v === 0)).toBe(true);
    expect(Array.from(params['bn.running_var'].data)).toEqual([1, 1, 1]);
    expect(params['bn.num_batches_tracked']).toEqual({ shape: [], data: Float32Array.of(0) });
    expect(std(params.table.data)).toBeGreaterThan(0.9);
  });

  it('draws a kind as told: Kaiming normal over the outputs, a normal, constants', () => {
    const params = initParameters(table, 7, { conv: 'kaiming-normal-fan-out', 'conv-bias': 'zeros', embedding: { normal: 0.02 } });
    expect(Math.abs(std(params['conv.weight'].data) / Math.sqrt(2 / (30 * 9)) - 1)).toBeLessThan(0.1);
    expect(params['conv.bias'].data.every((v) => v === 0)).toBe(true);
    expect(Math.abs(std(params.table.data) / 0.02 - 1)).toBeLessThan(0.1);
  });

  it("draws HuggingFace transformers' way: weights and tables from one normal, biases 0", () => {
    const params = initParameters(table, 1, hfTransformerDraws(0.5));
    expect(Math.abs(std(params['dense.weight'].data) / 0.5 - 1)).toBeLessThan(0.1);
    expect(params['dense.bias'].data.every((v) => v === 0)).toBe(true);
    expect(initParameters(table, 1)['dense.weight'].data).toEqual(initParameters(table, 1)['dense.weight'].data);
  });
});
