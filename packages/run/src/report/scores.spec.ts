import { describeScore, metricCells, metricNames } from './scores';
import type { Score } from './scores';

const score = (task: string, perplexity?: number): Score => ({ task, accuracy: 0.3102, loss: 4.12345, count: 20, predictions: 640, ...(perplexity === undefined ? {} : { perplexity }) });

describe("a score's metrics", () => {
  it("names a causal LM's metrics as its task declares them, with their cells in that order", () => {
    expect(metricNames('causal-lm')).toEqual(['next-token accuracy', 'LM loss', 'perplexity']);
    expect(metricCells(score('causal-lm', 61.7777), 'causal-lm')).toEqual(['31.02%', '4.1235', '61.78']);
    expect(describeScore(score('causal-lm', 61.7777))).toBe('next-token accuracy 31.02%, LM loss 4.1235, perplexity 61.78');
  });

  it('writes classification and masked LM as before, a dash for a missing score or perplexity', () => {
    expect(describeScore(score('classification'))).toBe('accuracy 31.02%, loss 4.1235');
    expect(describeScore(score('masked-lm', 61.7777))).toBe('masked-token accuracy 31.02%, MLM loss 4.1235, perplexity 61.78');
    expect(metricCells(score('masked-lm'), 'masked-lm')).toEqual(['31.02%', '4.1235', '—']);
    expect(metricCells(null, 'masked-lm')).toEqual(['—', '—', '—']);
    expect(describeScore(undefined)).toBe('not evaluated');
  });

  it("takes token classification's and span QA's names from their tasks", () => {
    expect(metricNames('token-classification')).toEqual(['token accuracy', 'loss']);
    expect(describeScore({ ...score('span-qa'), startAccuracy: 0.5, endAccuracy: 0.41239 })).toBe('exact match 31.02%, start accuracy 50.00%, end accuracy 41.24%, loss 4.1235');
    expect(metricCells(score('span-qa'), 'span-qa')).toEqual(['31.02%', '—', '—', '4.1235']);
  });

  it('refuses a task that is not declared, naming the tasks there are', () => {
    expect(() => metricNames('regression')).toThrow("task 'regression' not found; available: classification, token-classification, span-qa, masked-lm, causal-lm, features");
  });
});
