import { closest, editDistance, suggestion } from './suggest';

describe('key suggestions', () => {
  it('counts insertions, deletions, substitutions and swaps as one step each', () => {
    expect(editDistance('resid_polcy', 'resid_policy')).toBe(1);
    expect(editDistance('mnsit', 'mnist')).toBe(1);
    expect(editDistance('sqaured', 'squared')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests only close matches, ignoring case', () => {
    expect(closest('Fusion', ['model', 'fusion'])).toBe('fusion');
    expect(closest('evaluation', ['eval', 'model'])).toBeUndefined();
    expect(suggestion('nrom', ['norm'])).toBe("did you mean 'norm'?");
    expect(suggestion('zzz', ['a', 'b'])).toBe('known keys: a, b');
    expect(suggestion('zzz', [])).toBe('no keys are allowed here');
  });
});
