import { goldenPath, readGoldenJson, readGoldenTensors } from './golden';

describe('golden loaders', () => {
  it('reads golden tensors as float32, integers included', () => {
    const inputs = readGoldenTensors('vit-tiny', 'inputs.safetensors');
    expect(inputs.get('pixel_values')?.shape).toEqual([40, 3, 32, 32]);
    const labels = inputs.get('labels');
    expect(labels?.shape).toEqual([40]);
    expect(labels && Array.from(labels.data).every((v) => Number.isInteger(v) && v >= 0 && v < 10)).toBe(true);
  });

  it('reads golden JSON', () => {
    const ot = readGoldenJson('ot', 'cases.json') as { cases: { name: string }[] };
    expect(ot.cases.map((c) => c.name)).toEqual(expect.arrayContaining(['square-8', 'rect-12x7', 'small-reg-64']));
    expect(ot.cases).toHaveLength(7);
  });

  it('explains where golden files are expected', () => {
    expect(() => goldenPath('no-such-file')).toThrow(/no-such-file not found: the golden vectors the tests read are kept in testdata\/golden/);
  });
});
