import { ConfigReader } from './config-reader';

const DEFAULTS = { size: 8, pad: 0, eps: 1e-12, range: 0.02, dropout: 0.1, bias: true, widths: [2, 3], act: 'gelu', required: undefined };
const read = (json: Record<string, unknown>) => new ConfigReader(json, DEFAULTS);

describe('ConfigReader', () => {
  it('takes the default for a key left out or null, as from_pretrained does', () => {
    expect(read({}).positiveInteger('size')).toBe(8);
    expect(read({ size: null }).positiveInteger('size')).toBe(8);
    expect(read({ size: 3 }).positiveInteger('size')).toBe(3);
    expect(read({ widths: [4] }).positiveIntegers('widths')).toEqual([4]);
  });

  it('reports what the file holds for a required key', () => {
    expect(() => read({}).positiveInteger('required')).toThrow('config.json › required: expected a positive integer, got undefined');
    expect(() => read({ required: null }).positiveInteger('required')).toThrow('config.json › required: expected a positive integer, got null');
  });

  it('refuses a value of the wrong kind, naming the key and the value', () => {
    expect(() => read({ size: 1.5 }).positiveInteger('size')).toThrow('config.json › size: expected a positive integer, got 1.5');
    expect(() => read({ pad: -1 }).nonNegativeInteger('pad')).toThrow('config.json › pad: expected a non-negative integer, got -1');
    expect(() => read({ eps: 0 }).positiveNumber('eps')).toThrow('config.json › eps: expected a positive number, got 0');
    expect(() => read({ range: -0.1 }).nonNegativeNumber('range')).toThrow('config.json › range: expected a non-negative number, got -0.1');
    expect(() => read({ dropout: 1.5 }).probability('dropout')).toThrow('config.json › dropout: expected a probability in [0, 1], got 1.5');
    expect(() => read({ bias: 'yes' }).boolean('bias')).toThrow('config.json › bias: expected true or false, got "yes"');
    expect(() => read({ widths: [] }).positiveIntegers('widths')).toThrow('config.json › widths: expected a non-empty list of positive integers, got []');
  });

  it('reads one of a list, a refusal listing it and an optional note', () => {
    expect(read({}).oneOf('act', ['gelu', 'relu'])).toBe('gelu');
    expect(() => read({ act: 'silu' }).oneOf('act', ['gelu', 'relu'])).toThrow('config.json › act: "silu" is not supported; supported: gelu, relu');
    expect(() => read({ act: 'silu' }).oneOf('act', ['gelu'], 'exact GELU')).toThrow('config.json › act: "silu" is not supported; supported: gelu (exact GELU)');
  });
});
