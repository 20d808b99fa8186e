import fs from 'node:fs';
import path from 'node:path';
import { TORCH_FIXTURES } from '../__fixtures__/torch-files';
import { useTempDirs } from '../__fixtures__/temp-dir';
import { openCheckpoint } from '../checkpoint';
import { readModelFolder } from '../model-folder';
import { openSafetensors } from '../safetensors-file';
import { ShardedCheckpoint } from '../sharded';
import type { TensorReader } from '../tensor-reader';
import { TorchCheckpointFile } from './torch-file';

const tempDir = useTempDirs();
const EXPECTED = path.join(TORCH_FIXTURES, 'bert-expected.safetensors');

/** Every tensor of `reader` equals the one save_pretrained wrote as safetensors: same names, dtypes, shapes and bytes. */
function expectBert(reader: TensorReader): void {
  const reference = openSafetensors(EXPECTED);
  expect([...reader.names()].sort()).toEqual([...reference.names()].sort());
  for (const name of reference.names()) {
    expect(reader.info(name)).toMatchObject({ dtype: reference.info(name).dtype, shape: reference.info(name).shape });
    expect(Buffer.from(reader.readBytes(name)).equals(Buffer.from(reference.readBytes(name)))).toBe(true);
  }
  reference.close();
}

function copyFolder(from: string, to: string): string {
  fs.cpSync(path.join(TORCH_FIXTURES, from), to, { recursive: true });
  return to;
}

describe('HuggingFace folders holding pytorch_model.bin', () => {
  it('reads a BertForSequenceClassification saved as pytorch_model.bin (an OrderedDict with _metadata) exactly', () => {
    const model = readModelFolder(path.join(TORCH_FIXTURES, 'bert-bin'));
    expect(model.weights).toBeInstanceOf(TorchCheckpointFile);
    expect(model.config.architectures).toEqual(['BertForSequenceClassification']);
    expect(model.weights.names()[0]).toBe('bert.embeddings.word_embeddings.weight');
    expectBert(model.weights);
    model.weights.close();
  });

  it('reads a sharded save through pytorch_model.bin.index.json, opening each shard on first use', () => {
    const dir = path.join(TORCH_FIXTURES, 'bert-sharded');
    const open = jest.spyOn(TorchCheckpointFile, 'open');
    const weights = openCheckpoint(dir);
    expect(weights).toBeInstanceOf(ShardedCheckpoint);
    expect((weights as ShardedCheckpoint).shardFiles()).toEqual(['pytorch_model-00001-of-00002.bin', 'pytorch_model-00002-of-00002.bin']);
    expect(open).not.toHaveBeenCalled();
    expectBert(weights);
    expect(open).toHaveBeenCalledTimes(2);
    weights.close();
    open.mockRestore();
  });

  it('prefers safetensors, then the single .bin, then its index, and lists all four when none is there', () => {
    const dir = copyFolder('bert-sharded', path.join(tempDir(), 'bert'));
    fs.copyFileSync(path.join(TORCH_FIXTURES, 'bert-bin', 'pytorch_model.bin'), path.join(dir, 'pytorch_model.bin'));
    const opened = () => {
      const weights = openCheckpoint(dir);
      weights.close();
      return weights.constructor.name;
    };
    expect(opened()).toBe('TorchCheckpointFile');
    fs.copyFileSync(EXPECTED, path.join(dir, 'model.safetensors'));
    expect(opened()).toBe('SafetensorsFile');
    fs.rmSync(path.join(dir, 'model.safetensors'));
    fs.rmSync(path.join(dir, 'pytorch_model.bin'));
    expect(opened()).toBe('ShardedCheckpoint');
    fs.rmSync(path.join(dir, 'pytorch_model.bin.index.json'));
    expect(() => openCheckpoint(dir)).toThrow(
      expect.objectContaining({
        code: 'MF_NO_WEIGHTS',
        message: `none of model.safetensors, model.safetensors.index.json, pytorch_model.bin, pytorch_model.bin.index.json found in ${dir}`,
      }),
    );
  });

  it('opens a file by its name: .bin, .pt and .pth as PyTorch checkpoints', () => {
    const dir = tempDir();
    for (const name of ['weights.pt', 'weights.PTH', 'shard.bin']) {
      fs.copyFileSync(path.join(TORCH_FIXTURES, 'dtypes.bin'), path.join(dir, name));
      const weights = openCheckpoint(path.join(dir, name));
      expect(weights.read('u8').data).toEqual(Uint8Array.of(0, 255));
      weights.close();
    }
  });
});
