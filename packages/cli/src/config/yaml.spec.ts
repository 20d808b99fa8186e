import { parseYaml, resolvePlainScalar } from './yaml';

const parse = (text: string) => parseYaml(text, 'test.yaml');

describe('experiment YAML', () => {
  it('reads nested mappings, sequences and PyYAML scalars', () => {
    const text = [
      'model:',
      '  name_0: models/a   # a comment',
      '  testloader: None',
      'fusion:',
      '  fuse_gen: True',
      '  sinkhorn_reg: 0.08',
      '  acts:',
      '    seq_filter: window_6',
      '    loss_thres: false',
      '  sizes: [64, 32]',
      '  list:',
      '    - 1',
      '    - {k: v}',
    ].join('\n');
    expect(parse(text)).toEqual({
      model: { name_0: 'models/a', testloader: 'None' },
      fusion: { fuse_gen: true, sinkhorn_reg: 0.08, acts: { seq_filter: 'window_6', loss_thres: false }, sizes: [64, 32], list: [1, { k: 'v' }] },
    });
  });

  it('resolves scalars as YAML 1.1 does, and reads exponent floats as numbers', () => {
    const cases: [string, unknown][] = [
      ['True', true], ['false', false], ['YES', true], ['Off', false], ['~', null], ['null', null],
      ['42', 42], ['-7', -7], ['0.5', 0.5], ['1e-3', 0.001], ['2.5E+2', 250], ['.inf', Infinity],
      ['None', 'None'], ['window_6', 'window_6'],
    ];
    for (const [text, value] of cases) expect([text, resolvePlainScalar(text)]).toEqual([text, value]);
  });

  it('reads an empty file as nothing', () => {
    expect(parse('# only a comment\n')).toBeNull();
  });

  it.each([
    ['a: 1\na: 2', /^test\.yaml:2: .*unique/],
    ['a: 1\n---\nb: 2', /^test\.yaml:2: .*multiple documents/],
    ['a: [1, 2', /^test\.yaml:1: /],
    ['a:\n  - 1\n  b: 2', /^test\.yaml:3: /],
  ])('refuses %j naming the line', (text, message) => {
    expect(() => parse(text)).toThrow(message);
  });
});
