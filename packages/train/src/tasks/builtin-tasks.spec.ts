import type { ExtensionContainer } from '@otfuse/extension';
import { TASKS, register } from './builtin-tasks';
import { TASK } from './task';

describe('built-in tasks', () => {
  it('declare their labels, report names and metrics, headline first', () => {
    expect(TASKS.list().map((task) => [task.id, task.label, task.labels, task.metrics.map((metric) => metric.name)])).toEqual([
      ['classification', 'classification', 'per-example', ['accuracy', 'loss']],
      ['token-classification', 'token classification', 'per-token', ['token accuracy', 'loss']],
      ['span-qa', 'span QA', 'span', ['exact match', 'start accuracy', 'end accuracy', 'loss']],
      ['masked-lm', 'masked LM', 'per-token', ['masked-token accuracy', 'MLM loss', 'perplexity']],
      ['causal-lm', 'causal LM', 'per-token', ['next-token accuracy', 'LM loss', 'perplexity']],
      ['features', 'features', 'none', ['mean squared difference', 'cosine similarity', 'linear CKA']],
    ]);
    for (const task of TASKS.list()) {
      expect(task.description.length).toBeGreaterThan(10);
      expect(task.parameters).toEqual([]);
    }
  });

  it('list what exists when an id is unknown', () => {
    expect(() => TASKS.get('regression')).toThrow("task 'regression' not found; available: classification, token-classification, span-qa, masked-lm, causal-lm, features");
  });

  it('register every task under TASK', () => {
    const bound: [symbol, unknown][] = [];
    const container: ExtensionContainer = {
      register: (token, provider) => bound.push([token, provider.useValue]),
      isRegistered: () => bound.length > 0,
      resolveAll: <T>() => bound.map(([, value]) => value as T),
    };
    register(container);
    expect(bound).toEqual(TASKS.list().map((task) => [TASK, task]));
  });
});
