import { type ParamSpecs, resolveParams } from './params';

const specs: ParamSpecs = {
  path: { type: 'string', description: 'A file.' },
  count: { type: 'integer', min: 1, max: 10, default: 3, description: 'How many.' },
  verbose: { type: 'boolean', default: false, description: 'Talk more.' },
  label: { type: 'string', optional: true, description: 'Optional name.' },
};

describe('resolveParams', () => {
  it('fills defaults and leaves optional parameters out', () => {
    expect(resolveParams('thing', specs, { path: 'a' })).toEqual({ path: 'a', count: 3, verbose: false });
    expect(resolveParams('thing', specs, { path: 'a', count: 10, label: 'x' })).toEqual({ path: 'a', count: 10, verbose: false, label: 'x' });
  });

  it('names the owner and key of every problem', () => {
    expect(() => resolveParams('thing', specs, {})).toThrow("thing: missing required parameter 'path' (A file.)");
    expect(() => resolveParams('thing', specs, { path: 'a', count: 2.5 })).toThrow("thing: parameter 'count' must be an integer, got 2.5");
    expect(() => resolveParams('thing', specs, { path: 'a', count: 0 })).toThrow("thing: parameter 'count' must be >= 1, got 0");
    expect(() => resolveParams('thing', specs, { path: 'a', count: 11 })).toThrow("thing: parameter 'count' must be <= 10, got 11");
    expect(() => resolveParams('thing', specs, { path: 'a', verbose: 'yes' })).toThrow("thing: parameter 'verbose' must be a boolean, got 'yes'");
    expect(() => resolveParams('thing', specs, { path: 3 })).toThrow("thing: parameter 'path' must be a string, got 3");
  });
});
