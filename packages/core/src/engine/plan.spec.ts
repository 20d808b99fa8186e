import { chainGraph } from '../__tests__/tiny-models';
import { describePlan, planFusion } from './plan';

describe('fusion plan', () => {
  it('releases every map and activation right after its last reader', () => {
    const plan = planFusion(chainGraph(3));
    expect(plan.activationKeys).toEqual(['fc0', 'fc1', 'fc2']);
    expect(plan.steps.map((s) => s.releaseMaps)).toEqual([[], ['fc0'], ['fc1', 'fc2']]);
    expect(plan.steps.map((s) => s.releaseActivations)).toEqual([['fc0'], ['fc1'], ['fc2']]);
  });

  it('prints a readable plan', () => {
    expect(describePlan(planFusion(chainGraph(2)))).toBe(
      '  1. linear    fc0  [fc0.weight, fc0.bias]\n  2. linear    fc1  ← fc0  [fc1.weight, fc1.bias]',
    );
  });
});
