import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeSafetensors } from '@otfuse/io';
import { withNumClasses } from './class-count';
import { IGNORE_LABEL } from './dataset';
import { DataError } from './errors';
import { loadTensorsFile } from './tensors-file';
import { firstN } from './views';

// A file of tensors rarely says how many classes there are: a masked LM's labels are token ids
// whose top one is rarely masked, a test split may lack the top class. Its largest label + 1 is
// then marked as a guess, which the model's class count replaces, every label checked against it.
describe('class count of a tensors file', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'class-count-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true }));

  /** A masked-LM file: 3 sequences of 4 tokens, labels -100 but for a few masked ids below 7. */
  function maskedLm(name: string, labels: number[], metadata?: Record<string, string>): string {
    const file = path.join(dir, name);
    const ids = { dtype: 'I64' as const, shape: [3, 4], data: BigInt64Array.from({ length: 12 }, (_, i) => BigInt(i % 7)) };
    writeSafetensors(file, { input_ids: ids, labels: { dtype: 'I64', shape: [3, 4], data: BigInt64Array.from(labels.map(BigInt)) } }, { metadata });
    return file;
  }
  const LABELS = [IGNORE_LABEL, 5, IGNORE_LABEL, IGNORE_LABEL, 2, IGNORE_LABEL, IGNORE_LABEL, IGNORE_LABEL, IGNORE_LABEL, IGNORE_LABEL, 6, IGNORE_LABEL];

  it('marks the largest label + 1 as not stated, and takes the count the file or the caller states', () => {
    const file = maskedLm('mlm.safetensors', LABELS);
    expect([loadTensorsFile({ path: file }).numClasses, loadTensorsFile({ path: file }).numClassesStated]).toEqual([7, false]);
    expect(firstN(loadTensorsFile({ path: file }), 2).numClassesStated).toBe(false);
    expect(loadTensorsFile({ path: file, numClasses: 30 }).numClassesStated).toBeUndefined();
    const stated = loadTensorsFile({ path: maskedLm('stated.safetensors', LABELS, { num_classes: '30' }) });
    expect([stated.numClasses, stated.numClassesStated]).toEqual([30, undefined]);
    const bad = maskedLm('bad.safetensors', LABELS, { num_classes: 'many' });
    expect(() => loadTensorsFile({ path: bad })).toThrow(`${bad}: metadata num_classes must be a positive integer, got 'many'`);
  });

  it("takes the model's class count when the top id is absent, the examples unchanged", () => {
    const dataset = loadTensorsFile({ path: maskedLm('vocab.safetensors', LABELS) });
    const fitted = withNumClasses(dataset, 30);
    expect([fitted.numClasses, fitted.size, fitted.labelShape, fitted.numClassesStated]).toEqual([30, 3, [4], undefined]);
    expect(fitted.get([2])).toEqual(dataset.get([2]));
  });

  it('refuses a label outside [0, C), naming the file, the example and the position', () => {
    const file = maskedLm('outside.safetensors', LABELS);
    let caught: unknown;
    try {
      withNumClasses(loadTensorsFile({ path: file }), 6, 'the anchor');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DataError);
    expect((caught as Error).message).toBe(`${file} (test): label 6 of example 2, position 2 is outside [0, 6) and is not ${IGNORE_LABEL} (no label), the classes of the anchor`);
  });
});
