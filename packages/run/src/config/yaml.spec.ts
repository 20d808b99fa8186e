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

  it('refuses an alias bomb and an alias inside its own anchor, naming the file', () => {
    let bomb = 'a0: &a0 [x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 9; i++) bomb += `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
    expect(() => parse(bomb)).toThrow(/^test\.yaml:2: Excessive alias count/);
    expect(() => parse('model:\n  type: &x [1, *x]\n')).toThrow('test.yaml: model.type.1: an alias refers to a value that contains it');
    expect(parse('a: &x [1, 2]\nb: *x\n')).toEqual({ a: [1, 2], b: [1, 2] });
  });
});
