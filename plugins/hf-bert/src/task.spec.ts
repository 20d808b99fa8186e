import { readGoldenJson } from '@otfuse/testing';
import { BertArchitecture } from './architecture';
import { normalizeBertConfig } from './config';

describe("a BERT's task", () => {
  it.each([
    ['mlm', 'masked-lm'],
    ['seqcls', 'classification'],
  ] as const)('follows its head: %s is trained for %s', (head, task) => {
    const config = normalizeBertConfig(readGoldenJson<Record<string, unknown>>('bert-tiny', head, 'config.json'));
    expect(new BertArchitecture().task(config)).toBe(task);
  });
});
