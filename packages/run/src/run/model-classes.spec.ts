import path from 'node:path';
import { initBackend } from '@otfuse/backend';
import { DataError, IGNORE_LABEL } from '@otfuse/data';
import { writeSafetensors } from '@otfuse/io';
import { removeTempFolders, tempFolder, writeFile } from '../__tests__/temp-folder';
import { toYaml } from '../__tests__/to-yaml';
import { silentProgress } from '../progress';
import { runTraining } from './train-run';

// A masked-LM file of tensors does not say how many classes there are, and its largest label
// + 1 is not the vocabulary: the class count is the model's, every label checked against it.
const VOCAB = 17;
const bert = { model_type: 'bert', architectures: ['BertForMaskedLM'], vocab_size: VOCAB, hidden_size: 8, num_hidden_layers: 1, num_attention_heads: 2, intermediate_size: 16, max_position_embeddings: 16 };
const EXAMPLES = 8;
const LENGTH = 6;

let root: string;
beforeAll(async () => {
  await initBackend({ force: 'wasm', log: () => undefined });
  root = tempFolder();
});
afterAll(removeTempFolders);

/** Token ids below 10; every third position masked with its own id as the label, `top` at the last one. */
function writeMaskedLm(name: string, top: number): string {
  const ids = Array.from({ length: EXAMPLES * LENGTH }, (_, i) => 5 + (i % 5));
  const labels = ids.map((id, i) => (i === ids.length - 1 ? top : i % 3 === 0 ? id : IGNORE_LABEL));
  const file = path.join(root, name);
  writeSafetensors(file, {
    input_ids: { dtype: 'I64', shape: [EXAMPLES, LENGTH], data: BigInt64Array.from(ids.map(BigInt)) },
    labels: { dtype: 'I64', shape: [EXAMPLES, LENGTH], data: BigInt64Array.from(labels.map(BigInt)) },
  });
  return file;
}

const train = (name: string, data: string) =>
  runTraining({
    file: writeFile(root, `${name}.yaml`, toYaml({ model: { type: 'hf-bert', config: bert }, data: { dataset: data }, train: { seed: 1, steps: 2, batch_size: 4, lr: 0.01 }, output: { dir: `out/${name}` } })),
    replace: false,
    progress: silentProgress(),
  });

describe("the class count of a file of tensors is the model's", () => {
  it('trains a masked LM on a file whose top token id is never a label', async () => {
    const { summary } = await train('absent-top', writeMaskedLm('mlm.safetensors', 9));
    expect(summary.test).toMatchObject({ task: 'masked-lm', count: EXAMPLES });
    expect(Number.isFinite(summary.test.loss)).toBe(true);
  });

  it('refuses a label the model has no class for, naming the file and the example', async () => {
    const file = writeMaskedLm('outside.safetensors', VOCAB);
    const refused = train('outside', file);
    await expect(refused).rejects.toBeInstanceOf(DataError);
    await expect(train('outside-again', file)).rejects.toThrow(
      `${file} (train): label ${VOCAB} of example ${EXAMPLES - 1}, position ${LENGTH - 1} is outside [0, ${VOCAB}) and is not ${IGNORE_LABEL} (no label), the classes of the model (hf-bert)`,
    );
  });
});
