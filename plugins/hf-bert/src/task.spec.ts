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

describe("a masked LM's checkpoint", () => {
  it("may carry BertForPreTraining's pooler and next-sentence head, which transformers leaves out; nothing else", () => {
    const unused = (name: string) => new BertArchitecture().unusedCheckpointTensors.some((pattern) => pattern.test(name));
    expect(['bert.pooler.dense.weight', 'bert.pooler.dense.bias', 'cls.seq_relationship.weight', 'cls.seq_relationship.bias'].every(unused)).toBe(true);
    expect(['cls.predictions.bias', 'classifier.weight', 'pooler.dense.weight'].some(unused)).toBe(false);
  });
});
