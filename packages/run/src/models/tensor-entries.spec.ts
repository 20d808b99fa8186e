import { MlpArchitecture } from '@otfuse/generic-mlp';
import { ResnetArchitecture } from '@otfuse/convnet';
import { integerTensorsOf, tensorEntries } from './tensor-entries';

describe('tensorEntries', () => {
  const weights = new Map([
    ['bn.weight', { shape: [2], data: Float32Array.of(1.5, -2) }],
    ['bn.num_batches_tracked', { shape: [], data: Float32Array.of(150.5) }],
    ['ids', { shape: [3], data: Float32Array.of(-1.4, 0, 7.6) }],
  ]);

  it('writes float32 unless a tensor is named as an integer, which is rounded to its dtype', () => {
    const entries = tensorEntries(weights, ['ids', 'bn.weight', 'bn.num_batches_tracked'], new Map([['bn.num_batches_tracked', 'I64'], ['ids', 'I32']] as const));
    expect(entries).toEqual([
      ['ids', { dtype: 'I32', shape: [3], data: Int32Array.of(-1, 0, 8) }],
      ['bn.weight', { dtype: 'F32', shape: [2], data: Float32Array.of(1.5, -2) }],
      ['bn.num_batches_tracked', { dtype: 'I64', shape: [], data: BigInt64Array.of(151n) }],
    ]);
  });

  it('refuses a value its integer dtype cannot hold, naming the tensor', () => {
    expect(() => tensorEntries(weights, ['ids'], new Map([['ids', 'U8']]))).toThrow("tensor 'ids' is stored as U8, but element 0 is -1.399999976158142");
    expect(() => tensorEntries(weights, ['missing'])).toThrow("no tensor 'missing' to write");
  });

  it("takes the source checkpoint's integer dtypes over the architecture's", () => {
    const resnet = new ResnetArchitecture();
    const config = resnet.normalizeConfig({ model_type: 'resnet', embedding_size: 4, hidden_sizes: [4], depths: [1], layer_type: 'basic' });
    const declared = integerTensorsOf(resnet, config);
    expect([...declared.keys()]).toEqual([...resnet.parameterShapes(config).keys()].filter((n) => n.endsWith('.num_batches_tracked')));
    expect(new Set(declared.values())).toEqual(new Set(['I64']));
    const counter = 'resnet.embedder.embedder.normalization.num_batches_tracked';
    expect(integerTensorsOf(resnet, config, new Map([[counter, 'I32']])).get(counter)).toBe('I32');
    const mlp = new MlpArchitecture();
    expect(integerTensorsOf(mlp, mlp.normalizeConfig({ model_type: 'otfuse-mlp', input_size: 4, hidden_sizes: [], num_labels: 2 })).size).toBe(0);
  });
});
