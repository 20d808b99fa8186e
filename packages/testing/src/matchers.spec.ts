import { expectClose } from './matchers';

describe('expectClose', () => {
  it('accepts values within the tolerance', () => {
    expect(() => expectClose([1, 2.00005], [1, 2], { atol: 1e-4 })).not.toThrow();
    expect(() => expectClose([100.5], [100], { rtol: 1e-2 })).not.toThrow();
  });

  it('names the worst index, both values and the tolerance', () => {
    expect(() => expectClose([1, 2.5, 3.1], [1, 2, 3], { atol: 0.2, what: 'logits' })).toThrow(
      'logits: largest difference 0.5 at index 1 (got 2.5, expected 2) exceeds tolerance 0.2',
    );
  });

  it('treats NaN as a failure and checks lengths', () => {
    expect(() => expectClose([NaN], [0], { atol: 1 })).toThrow('largest difference Infinity at index 0');
    expect(() => expectClose([1], [1, 2])).toThrow('values: 1 values, expected 2');
  });
});
