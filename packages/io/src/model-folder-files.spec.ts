import fs from 'node:fs';
import path from 'node:path';
import { f32 } from './__fixtures__/tensors';
import { useTempDirs } from './__fixtures__/temp-dir';
import { writeModelFolder } from './model-folder';

const tempDir = useTempDirs();
const CONFIG = { model_type: 'bert' };

describe('writeModelFolder with extra files', () => {
  it('writes text and bytes beside config.json and the weights', () => {
    const dir = path.join(tempDir(), 'bert');
    writeModelFolder(dir, { config: CONFIG, tensors: { w: f32(1) }, files: { 'vocab.txt': '[PAD]\nthe\n', 'blob.bin': Uint8Array.of(1, 2, 3) } });
    expect(fs.readdirSync(dir).sort()).toEqual(['blob.bin', 'config.json', 'model.safetensors', 'vocab.txt']);
    expect(fs.readFileSync(path.join(dir, 'vocab.txt'), 'utf8')).toBe('[PAD]\nthe\n');
    expect([...fs.readFileSync(path.join(dir, 'blob.bin'))]).toEqual([1, 2, 3]);
  });

  it('writes a file in a subfolder (onnx/model.onnx)', () => {
    const dir = path.join(tempDir(), 'vit');
    writeModelFolder(dir, { config: CONFIG, tensors: { w: f32(1) }, files: { 'onnx/model.onnx': Uint8Array.of(8) } });
    expect([...fs.readFileSync(path.join(dir, 'onnx/model.onnx'))]).toEqual([8]);
  });

  it.each(['config.json', 'model.safetensors', '../escape.txt', 'sub/../../escape.txt', '/abs.txt', 'sub//file.txt'])('refuses the file name %s and leaves nothing behind', (name) => {
    const parent = tempDir();
    const dir = path.join(parent, 'bert');
    expect(() => writeModelFolder(dir, { config: CONFIG, tensors: { w: f32(1) }, files: { [name]: 'x' } })).toThrow(`cannot write the extra file '${name}'`);
    expect(fs.readdirSync(parent)).toEqual([]);
  });
});
