import { ALIGNED_TERMS, BARRIER_STEPS, barrierTerms, planeAxis, planeTerms } from './plane-models';
import { termsKey } from './score-plane';

describe('models on the plane', () => {
  it('has 0 and 1 among the grid coordinates', () => {
    expect(planeAxis(4)).toEqual([-0.25, 0, 0.25, 0.5, 0.75, 1, 1.25]);
    expect(planeAxis(1)).toEqual([-1, 0, 1, 2]);
  });

  it('has the three models themselves at their corners, and every other point mixes them', () => {
    expect([termsKey(planeTerms(0, 0)), termsKey(planeTerms(1, 0)), termsKey(planeTerms(0, 1))]).toEqual(['1·anchor', '1·u', '1·v']);
    expect(termsKey(planeTerms(0.5, 0.25))).toBe('0.25·anchor + 0.5·u + 0.25·v');
    expect(termsKey(planeTerms(-0.25, 1.25))).toBe('-0.25·u + 1.25·v');
  });

  it('runs the barrier from the anchor to model 0, as it is and as the first method aligned it (2·θ_u − θ_anchor)', () => {
    expect(BARRIER_STEPS).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect([termsKey(barrierTerms(0, 'other')), termsKey(barrierTerms(1, 'other')), termsKey(barrierTerms(1, 'aligned'))]).toEqual(['1·anchor', '1·other', '1·aligned']);
    expect(termsKey(ALIGNED_TERMS)).toBe('2·u + -1·anchor');
  });
});
