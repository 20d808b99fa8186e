import { labelsJson, readLabelNames } from './labels';

describe('label names', () => {
  it('orders id2label by id, or names num_labels labels (2 by default)', () => {
    expect(readLabelNames({ id2label: { '1': 'dog', '0': 'cat' } })).toEqual(['cat', 'dog']);
    expect(readLabelNames({ num_labels: 3 })).toEqual(['LABEL_0', 'LABEL_1', 'LABEL_2']);
    expect(readLabelNames({})).toEqual(['LABEL_0', 'LABEL_1']);
    expect(readLabelNames({ id2label: null, num_labels: null })).toEqual(['LABEL_0', 'LABEL_1']);
  });

  it('refuses what does not name labels 0 … n-1, naming the key', () => {
    expect(() => readLabelNames({ num_labels: 0 })).toThrow('config.json › num_labels: expected a positive integer, got 0');
    expect(() => readLabelNames({ id2label: ['cat'] })).toThrow('config.json › id2label: expected an object {"0": name, …}, got ["cat"]');
    expect(() => readLabelNames({ id2label: {} })).toThrow('config.json › id2label: expected at least one label');
    expect(() => readLabelNames({ id2label: { '0': 'a', '2': 'b' } })).toThrow('config.json › id2label.2: expected label ids 0 … 1, got "2"');
    expect(() => readLabelNames({ id2label: { '0': 3 } })).toThrow('config.json › id2label.0: expected a label name, got 3');
    expect(() => readLabelNames({ id2label: { '0': 'a' }, num_labels: 2 })).toThrow('config.json › num_labels: 2 disagrees with id2label, which names 1 labels');
    expect(() => readLabelNames({ label2id: 'a' })).toThrow('config.json › label2id: expected an object {name: id, …}, got "a"');
  });

  it('writes id2label and label2id as HuggingFace does', () => {
    expect(labelsJson(['cat', 'dog'])).toEqual({ id2label: { '0': 'cat', '1': 'dog' }, label2id: { cat: 0, dog: 1 } });
  });
});
